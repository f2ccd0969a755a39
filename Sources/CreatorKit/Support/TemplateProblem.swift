import Mustache

/// A Mustache template that does not parse, said as a line, a column and what is wrong there, instead of the
/// parser's debug dump.
enum TemplateProblem {
  /// "line 3, column 12: a tag is not closed (no }})", or a plain sentence when the place is unknown.
  static func describe(_ error: any Error) -> String {
    guard let error = error as? MustacheTemplate.ParserError else { return "not a valid Mustache template" }
    let place = "line \(error.context.lineNumber), column \(error.context.columnNumber): "
    return place + what(error.error)
  }

  private static func what(_ error: any Error) -> String {
    guard let error = error as? MustacheTemplate.Error else {
      // The parser's own reader says `overflow` when the text ends in the middle of a tag.
      return "\(error)" == "overflow" ? "the template ends inside a tag (no }})" : "not a valid Mustache template"
    }
    switch error {
    case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
    case .unfinishedName: return "a tag is not closed (no }})"
    case .expectedSectionEnd: return "a section is opened and never closed (no {{/name}})"
    case .invalidSetDelimiter: return "a delimiter tag ({{=<% %>=}}) is malformed"
    case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
      return "a block inside a partial's {{<name}} is malformed"
    case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
      return "a {{% ...}} configuration tag is malformed or unknown"
    }
  }
}
