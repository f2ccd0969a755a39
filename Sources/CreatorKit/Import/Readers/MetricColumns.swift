/// The columns of a CSV header that hold metrics (found through `MetricLabels`, the first column per metric),
/// and one row's counts read from them: `1,204`, `12.345`, `--` and empty cells as exports write them, anything
/// else an error naming the file, line and column.
struct MetricColumns {
  var columns: [(metric: Metric, index: Int, name: String)]

  init(columns: [(metric: Metric, index: Int, name: String)]) {
    self.columns = columns
  }

  init(header: [String]) {
    var columns: [(metric: Metric, index: Int, name: String)] = []
    for (index, name) in header.enumerated() {
      if let metric = MetricLabels.metric(for: name), !columns.contains(where: { $0.metric == metric }) {
        columns.append((metric, index, name))
      }
    }
    self.init(columns: columns)
  }

  func values(in row: [String], file: String, place: String) throws -> MetricValues {
    var values = MetricValues()
    for (metric, index, name) in columns where index < row.count {
      switch MetricNumber(row[index]) {
      case .value(let number): values[metric] = number
      case .missing: break
      case .invalid:
        throw ImportError(
          file: file, place: "\(place), column \"\(name)\"", message: "\"\(row[index].prefix(40))\" is not a count")
      }
    }
    return values
  }
}
