import Foundation

/// The names exports give metrics, in the languages and casings seen: Meta localizes insight labels and
/// Business Suite headers to the account's language and re-cases English ones between exports.
/// Matching is case-insensitive and ignores quote marks, so `„Gefällt mir“-Angaben` matches
/// `gefällt mir-angaben`.
public enum MetricLabels {
  /// Normalizes a label for look-up: lower case, quotes removed, white space folded.
  public static func normalize(_ label: String) -> String {
    let quotes: Set<Character> = ["\"", "'", "„", "“", "”", "‘", "’", "«", "»"]
    let folded = label.lowercased().filter { !quotes.contains($0) }
    return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// The metric a label names, or nil for labels that are not metrics or not known.
  public static func metric(for label: String) -> Metric? {
    metricsByLabel[normalize(label)]
  }

  /// Labels that are known and deliberately not metrics (times, captions, durations, ids).
  public static func isKnownNonMetric(_ label: String) -> Bool {
    nonMetricLabels.contains(normalize(label))
  }

  private static let aliases: [Metric: [String]] = [
    .likes: [
      "likes", "instagram likes", "reactions", "gefällt mir-angaben", "gefällt mir", "reaktionen", "j’aime",
      "jaime", "réactions", "me gusta", "reacciones", "mi piace", "reazioni", "curtidas", "reações",
      "vind-ik-leuks", "reacties op bericht", "gilla-markeringar", "reaktioner", "like count",
    ],
    .comments: [
      "comments", "instagram comments", "kommentare", "commentaires", "comentarios", "commenti",
      "comentários", "opmerkingen", "kommentarer", "comments added",
    ],
    .shares: [
      "shares", "instagram shares", "geteilte inhalte", "geteilt", "partages", "veces compartido",
      "compartidos", "condivisioni", "compartilhamentos", "gedeeld", "delningar",
    ],
    .saves: [
      "saves", "instagram saves", "gespeichert", "gespeicherte beiträge", "enregistrements", "guardados",
      "elementos guardados", "salvataggi", "salvamentos", "opgeslagen", "sparade", "sparningar",
    ],
    .reach: [
      "accounts reached", "reach", "erreichte konten", "reichweite", "comptes touchés", "couverture",
      "cuentas alcanzadas", "alcance", "account raggiunti", "copertura", "contas alcançadas", "bereikte accounts",
      "bereik", "konton som nåtts", "räckvidd",
    ],
    .impressions: ["impressions", "impressionen", "impresiones", "impressioni", "impressões", "visningar av innehåll"],
    .views: [
      "views", "instagram plays", "plays", "reels_plays:count", "aufrufe", "wiedergaben", "vues", "lectures",
      "visualizaciones", "reproducciones", "visualizzazioni", "visualizações", "weergaven", "visningar",
      "view count",
    ],
    .follows: [
      "follows", "neue follower", "follower", "abonnés", "nuevos seguidores", "seguidores", "följare",
      "subscribers", "subscribers gained",
    ],
    .profileVisits: [
      "profile visits", "profilaufrufe", "profilbesuche", "visites du profil", "visitas al perfil",
      "visite al profilo", "profielbezoeken", "profilbesök",
    ],
    .linkTaps: [
      "external link taps", "link taps", "link clicks", "klicks auf externe links", "link-klicks",
      "appuis sur le lien externe", "toques en el enlace externo", "clics en el enlace", "länkklick",
    ],
  ]

  private static let metricsByLabel: [String: Metric] = {
    var table: [String: Metric] = [:]
    for (metric, labels) in aliases {
      for label in labels { table[normalize(label)] = metric }
    }
    return table
  }()

  private static let nonMetricLabels: Set<String> = Set(
    [
      "creation timestamp", "upload timestamp", "caption", "duration", "start time", "media thumbnail",
      "erstellungszeitpunkt", "hochladezeitpunkt", "bildunterschrift", "dauer", "date de création", "légende",
      "durée", "marca de tiempo de creación", "pie de foto", "duración",
    ].map(normalize))
}
