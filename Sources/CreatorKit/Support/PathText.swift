/// A path's last part and its ending, worked out in Swift: `NSString.pathExtension` on Linux traps on some
/// strings a hostile zip can name its entries (the zip fuzzer found one), and these come from exports.
enum PathText {
  /// The part after the last `/` (or `\`).
  static func lastComponent(_ path: String) -> Substring {
    path.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? ""
  }

  /// The lower-cased ending after the last `.` of the last part, without the dot; empty when there is none
  /// (`.bashrc` and `name.` have none).
  static func ending(_ path: String) -> String {
    let name = lastComponent(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex
    else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }
}
