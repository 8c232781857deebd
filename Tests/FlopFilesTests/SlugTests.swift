import FlopFiles
import Testing

@Suite struct SlugTests {
  @Test(arguments: [
    ("run-1", true), ("a", true), ("9lives", true), ("llama-3.1_405b", true), (String(repeating: "a", count: 128), true),
    (String(repeating: "a", count: 129), false), ("", false), ("-run", false), (".run", false), ("_run", false), ("Run", false),
    ("run 1", false), ("run/1", false), ("rün", false), ("a\u{301}", false), ("run\n", false), ("ｒun", false),
  ])
  func slugs(text: String, expected: Bool) {
    #expect(RunFileParser.isSlug(text) == expected)
  }
}
