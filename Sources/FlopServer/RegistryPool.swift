import FlopRegistry
import NIOConcurrencyHelpers
import NIOPosix

/// The server's registry handles and the threads their blocking calls run on.
///
/// The registry's calls are synchronous (GRDB; postgres-nio driven to completion), so they run
/// on a thread pool of their own, never on an event loop or Swift's cooperative pool. SQLite
/// needs one handle (its pool reads concurrently and writes one at a time); PostgreSQL gets
/// several, one connection each, taken in turn; writers still queue on the registry's lock.
final class RegistryPool: Sendable {
  let handles: [Registry]
  private let threads: NIOThreadPool
  private let next = NIOLockedValueBox(0)

  /// Opens `count` handles on `location` (one for SQLite) and starts their threads.
  init(location: RegistryLocation, connections count: Int) throws {
    var handles: [Registry] = []
    switch location {
    case .sqlite:
      handles.append(try Registry(location: location, create: true))
    case .postgres:
      for _ in 0..<max(1, count) { handles.append(try Registry(location: location, create: true)) }
    }
    self.handles = handles
    // Enough that a few slow export clients (each holding a thread while it waits to send) do
    // not stall everyone else's reads.
    threads = NIOThreadPool(numberOfThreads: max(16, handles.count * 2))
    threads.start()
  }

  /// Runs a blocking registry call (a read, or a write: the registry serialises writers) on the
  /// pool's threads, with the next handle.
  func run<T: Sendable>(_ body: @escaping @Sendable (Registry) throws -> T) async throws -> T {
    let registry = handles.count == 1 ? handles[0] : handles[next.withLockedValue { $0 = ($0 + 1) % handles.count; return $0 }]
    return try await threads.runIfActive { try body(registry) }
  }

  /// Stops the threads once their work is done.
  func shutdown() async {
    try? await threads.shutdownGracefully()
  }
}
