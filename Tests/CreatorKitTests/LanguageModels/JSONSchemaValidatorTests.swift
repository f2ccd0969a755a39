import Testing

@testable import CreatorKit

@Suite struct JSONSchemaValidatorTests {
  static let schema: JSONValue = [
    "type": "object", "required": ["caption", "tags"], "additionalProperties": false,
    "properties": [
      "caption": ["type": "string", "minLength": 1, "maxLength": 20],
      "tags": ["type": "array", "items": ["type": "string"], "minItems": 1, "maxItems": 2],
      "tier": ["enum": ["proven", "rising", "new"]],
      "lift": ["type": "number", "minimum": 0],
      "n": ["type": "integer"],
      "note": ["anyOf": [["type": "string"], ["type": "null"]]],
    ],
  ]

  @Test(arguments: [
    (#"{"caption":"Rye day","tags":["rye"],"tier":"proven","lift":1.4,"n":3,"note":null}"#, nil),
    (#"{"caption":"Rye day"}"#, "$: missing required member 'tags'"),
    (#"{"caption":"Rye day","tags":[],"x":1}"#, "$.tags: needs at least 1 items, has 0"),
    (#"{"caption":"Rye day","tags":["a"],"x":1}"#, "$: unexpected member 'x'"),
    (#"{"caption":"Rye day","tags":["a", 2]}"#, "$.tags[1]: expected string, found a number"),
    (#"{"caption":"Rye day","tags":["a"],"tier":"hot"}"#, #"$.tier: "hot" is not one of ["proven","rising","new"]"#),
    (#"{"caption":"Rye day","tags":["a"],"n":2.5}"#, "$.n: expected integer, found a number"),
    (#"{"caption":"Rye day","tags":["a"],"lift":-1}"#, "$.lift: below 0.0"),
    (#"{"caption":"A caption far too long to fit","tags":["a"]}"#, "$.caption: longer than 20 characters (29)"),
    (#"{"caption":"Rye day","tags":["a"],"note":5}"#, "$.note: matches 0 of the anyOf choices"),
  ])
  func findsTheFirstProblemWithItsPath(json: String, problem: String?) throws {
    let value = try JSONValue.parse(json)
    #expect(JSONSchemaValidator(schema: Self.schema).problem(in: value) == problem)
  }

  @Test func readsJSONOutOfACodeFenceOrProse() throws {
    #expect(try ModelClient.decodeJSON("```json\n{\"a\": [1]}\n```").get() == ["a": [1]])
    #expect(try ModelClient.decodeJSON("Sure! Here it is: {\"a\": 2} Hope it helps.").get() == ["a": 2])
    #expect((try? ModelClient.decodeJSON("no json here").get()) == nil)
  }
}
