/// The version of CreatorKit and `creator`, as `creator --version` prints it.
public enum CreatorKitVersion { public static let string = "0.1.0" }
