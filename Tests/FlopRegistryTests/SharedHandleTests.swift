import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import FlopTestSupport
import Testing

/// One registry handle used for single adds and for imports, as the server uses it.
@Suite struct SharedHandleTests {
  /// Regression: an import on a handle that had just added a run through GRDB bound its rows to
  /// a cached statement GRDB had not reset yet; SQLite refused the bindings and the version row
  /// went in with a NULL run id (found by the server's auth-matrix test).
  @Test(arguments: StorageBackend.available) func anImportAfterAnAddOnTheSameHandleStoresEveryColumn(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "first", params: "1B", tokens: "20B"))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-shared-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("runs.jsonl").path
    let lines = (1...3).map { #"{"flopwatch": 1, "id": "imported-\#($0)", "model": {"parameters": 1e9}, "stages": [{"kind": "pre-training", "tokens": 2e10}]}"# }
    try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let outcome = try RunImport(file: file, batchSize: 2).run(into: { fixture.registry }, assessor: fixture.assessor, actor: "test").outcome
    #expect(outcome.imported == 3 && outcome.rejected.isEmpty, "\(outcome.rejected)")
    #expect(try fixture.registry.list(.init()).map(\.id) == ["first", "imported-1", "imported-2", "imported-3"])
    #expect(try fixture.registry.show("imported-2").versions.count == 1)
    #expect(try fixture.registry.verify().ok)
  }
}
