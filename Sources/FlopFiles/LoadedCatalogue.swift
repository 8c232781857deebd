import FlopCore

/// An accelerator catalogue with the file it came from.
public struct LoadedCatalogue: Sendable {
  public var catalogue: AcceleratorCatalogue
  public var provenance: Provenance

  /// Loads and validates the catalogue at `path`.
  public static func load(path: String) throws(FlopFilesError) -> LoadedCatalogue {
    let text = try FileText.read(path)
    let hash = FileDigest.sha256(text)
    let catalogue = try AcceleratorCatalogueParser.parse(text, file: path)
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return LoadedCatalogue(
      catalogue: catalogue, provenance: Provenance(file: name, id: "accelerators", version: catalogue.version, sha256: hash))
  }
}
