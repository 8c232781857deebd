import FlopCore

/// An accelerator catalogue with the file it came from.
public struct LoadedCatalogue: Sendable {
  public var catalogue: AcceleratorCatalogue
  public var provenance: Provenance

  /// Loads and validates the catalogue at `path` (or takes it from `cache` when this build has
  /// validated these exact bytes before).
  public static func load(path: String, cache: ParsedFileCache? = .shared) throws(FlopFilesError) -> LoadedCatalogue {
    let text = try FileText.read(path)
    let hash = FileDigest.sha256(text)
    let catalogue: AcceleratorCatalogue
    if let cached = cache?.value(kind: "catalogue", sha256: hash, decode: AcceleratorCatalogue.init(encoded:)) {
      catalogue = cached
    } else {
      catalogue = try AcceleratorCatalogueParser.parse(text, file: path)
      cache?.store(catalogue.encoded(), kind: "catalogue", sha256: hash)
    }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return LoadedCatalogue(
      catalogue: catalogue, provenance: Provenance(file: name, id: "accelerators", version: catalogue.version, sha256: hash))
  }
}
