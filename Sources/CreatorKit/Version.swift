public enum CreatorKitVersion { public static let string = "0.1.0" }
