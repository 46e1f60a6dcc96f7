//! The stable diagnostic codes. A code, once published, keeps its meaning forever: tools match
//! on codes, not on message text. Errors are `E0xxx`, warnings `W0xxx`. The hundreds digit names
//! the phase: 0 lexical, 1 syntax, 2 names and modules, 3 types, 4 input documents, 5 evaluation, 6 tests, 7 policy bundles. Every code here is documented in
//! `spec/diagnostics.md`; a test keeps the two in step.

use std::fmt;

/// A stable diagnostic code such as `E0200`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

impl Code {
    /// The code as written in documentation and JSON output, e.g. `"E0200"`.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Whether this code names a warning rather than an error.
    pub fn is_warning(self) -> bool {
        self.0.starts_with('W')
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $text:literal;)*) => {
        $( $(#[doc = $doc])* pub const $name: Code = Code($text); )*
        /// Every code with its one-line summary, in numeric order.
        pub const ALL: &[(Code, &str)] = &[$(($name, concat!($($doc),*)),)*];
    };
}

codes! {
    /// a character that cannot start any token
    UNEXPECTED_CHARACTER = "E0001";
    /// a string literal is not closed before the end of the line or file
    UNTERMINATED_STRING = "E0002";
    /// the source file is not valid UTF-8
    INVALID_UTF8 = "E0003";
    /// a block comment is not closed before the end of the file
    UNTERMINATED_COMMENT = "E0004";
    /// an unknown escape sequence in a string literal
    INVALID_ESCAPE = "E0005";
    /// an integer literal does not fit in a signed 64-bit integer
    INTEGER_OUT_OF_RANGE = "E0006";
    /// an identifier is longer than 256 bytes
    IDENTIFIER_TOO_LONG = "E0007";
    /// a number literal is malformed or not finite
    INVALID_NUMBER = "E0008";
    /// a string interpolation `{` is not closed by `}`
    UNTERMINATED_INTERPOLATION = "E0009";
    /// a string literal is longer than the maximum length
    STRING_TOO_LONG = "E0010";
    /// a source file is larger than the maximum size
    SOURCE_TOO_LARGE = "E0011";
    /// a token that does not fit the grammar here
    UNEXPECTED_TOKEN = "E0100";
    /// the file ends in the middle of a declaration
    UNEXPECTED_EOF = "E0101";
    /// expressions, types or statements are nested deeper than the parser allows
    NESTING_TOO_DEEP = "E0102";
    /// the file does not start with a `package` declaration
    MISSING_PACKAGE = "E0103";
    /// too many errors in one file; later ones are not reported
    TOO_MANY_ERRORS = "E0104";
    /// an opening delimiter is never closed
    UNCLOSED_DELIMITER = "E0105";
    /// a closing delimiter has no matching opening delimiter
    UNMATCHED_DELIMITER = "E0106";
    /// a string interpolation `{}` holds no expression
    EMPTY_INTERPOLATION = "E0107";
    /// a name that is not defined in scope
    UNKNOWN_NAME = "E0200";
    /// a type name that is not defined in scope
    UNKNOWN_TYPE = "E0201";
    /// an import names a package that no file declares
    UNKNOWN_PACKAGE = "E0202";
    /// two items of one package share a name
    DUPLICATE_ITEM = "E0203";
    /// two files declare the same package
    DUPLICATE_PACKAGE = "E0204";
    /// a qualified name refers to an item the package does not define
    UNKNOWN_ITEM = "E0205";
    /// packages import each other in a cycle
    IMPORT_CYCLE = "E0206";
    /// two imports bind the same name, or an import shadows an item
    DUPLICATE_IMPORT = "E0207";
    /// a field, parameter, binder or metadata key is given twice
    DUPLICATE_FIELD = "E0208";
    /// a name is used as the wrong kind of thing, such as a type used as a value
    WRONG_KIND = "E0209";
    /// a generic type is given the wrong number of arguments, or a non-generic type is given some
    WRONG_TYPE_ARITY = "E0210";
    /// a value's type is not the type expected here
    TYPE_MISMATCH = "E0300";
    /// a field that the record type does not declare
    UNKNOWN_FIELD = "E0301";
    /// a value that may be absent is used without handling `none`
    UNHANDLED_OPTIONAL = "E0302";
    /// an operator applied to operand types it does not accept
    INVALID_OPERANDS = "E0303";
    /// a condition that is not a boolean
    NON_BOOLEAN_CONDITION = "E0304";
    /// a call with the wrong number of arguments
    WRONG_ARGUMENT_COUNT = "E0305";
    /// an argument whose type does not match the parameter
    ARGUMENT_MISMATCH = "E0306";
    /// iteration over a value that is not a list, set or map
    NOT_ITERABLE = "E0307";
    /// functions or constants that depend on themselves
    RECURSION = "E0308";
    /// a union of types other than string literals
    INVALID_UNION = "E0309";
    /// a type declaration that refers to itself
    RECURSIVE_TYPE = "E0310";
    /// an untyped `json` value used without narrowing it first
    UNNARROWED_JSON = "E0311";
    /// a `violation ... at` location that is not a place in the subject
    INVALID_PLACE = "E0312";
    /// a statement or builtin used outside the kind of item that allows it
    MISPLACED = "E0313";
    /// rule metadata that is missing, unknown or of the wrong form
    INVALID_METADATA = "E0314";
    /// a control id that is not of a known framework's form
    INVALID_CONTROL_ID = "E0315";
    /// two rules with the same metadata id
    DUPLICATE_RULE_ID = "E0316";
    /// a comparison with `none` of a value that cannot be absent
    NONE_COMPARISON = "E0317";
    /// an index into a value that cannot be indexed, or with a key of the wrong type
    INVALID_INDEX = "E0318";
    /// an input document that is not well-formed JSON or YAML
    MALFORMED_INPUT = "E0400";
    /// an input document nested deeper than the limit
    INPUT_TOO_DEEP = "E0401";
    /// an input document larger than the limit, in bytes or in nodes (aliases expanded)
    INPUT_TOO_LARGE = "E0402";
    /// a collection in an input document with more elements than the limit
    INPUT_COLLECTION_TOO_LARGE = "E0403";
    /// a string in an input document longer than the limit
    INPUT_STRING_TOO_LONG = "E0404";
    /// input bytes that are not UTF-8
    INPUT_NOT_UTF8 = "E0405";
    /// a document, parameter or data value that does not conform to its declared type
    NONCONFORMING_VALUE = "E0500";
    /// integer overflow, division by zero, or a float result that is not finite
    ARITHMETIC_ERROR = "E0501";
    /// invalid input to a builtin whose result is not optional
    BUILTIN_ERROR = "E0502";
    /// evaluation ran out of fuel
    FUEL_EXHAUSTED = "E0503";
    /// a value built during evaluation exceeds the collection or string size limit
    VALUE_TOO_LARGE = "E0504";
    /// a `data` item the host did not supply
    MISSING_DATA = "E0505";
    /// a policy set with errors, or an entrypoint that names no rule, cannot be evaluated
    NOT_EVALUABLE = "E0506";
    /// a value of the wrong kind met during evaluation: a defect of Palisade, never of a policy
    INTERNAL_ERROR = "E0507";
    /// no rule of the policy set applies to the document, and the host asked to deny such documents
    UNJUDGED = "E0508";
    /// a rule whose static cost bound exceeds the budget the host or `max_rule_cost` set
    RULE_COST_OVER_BUDGET = "E0509";
    /// a test's assertion is false
    ASSERTION_FAILED = "E0600";
    /// a policy bundle cannot be read as a tar archive
    BUNDLE_UNREADABLE = "E0700";
    /// a policy bundle exceeds a size or entry-count limit
    BUNDLE_TOO_LARGE = "E0701";
    /// a bundle entry's path is absolute, climbs out with `..`, or is otherwise unsafe
    BUNDLE_UNSAFE_PATH = "E0702";
    /// a bundle entry is not a regular file (a link, a device, a directory)
    BUNDLE_NOT_A_FILE = "E0703";
    /// two bundle entries have the same path
    BUNDLE_DUPLICATE_ENTRY = "E0704";
    /// a bundle has no manifest, or its manifest is not a valid manifest
    BUNDLE_BAD_MANIFEST = "E0705";
    /// a bundle's manifest is not in canonical form
    BUNDLE_MANIFEST_NOT_CANONICAL = "E0706";
    /// a bundle was made for a newer Palisade than this one
    BUNDLE_TOO_NEW = "E0707";
    /// a bundle file's size or SHA-256 differs from its manifest's
    BUNDLE_DIGEST_MISMATCH = "E0708";
    /// a bundle holds a file its manifest does not list
    BUNDLE_UNLISTED_FILE = "E0709";
    /// a file the bundle's manifest lists is not in the bundle
    BUNDLE_MISSING_FILE = "E0710";
    /// a bundle carries no signature
    BUNDLE_UNSIGNED = "E0711";
    /// none of a bundle's signatures is by a trusted key
    BUNDLE_UNKNOWN_KEY = "E0712";
    /// a bundle's signature by a trusted key does not verify
    BUNDLE_BAD_SIGNATURE = "E0713";
    /// fewer distinct trusted keys signed a bundle than required
    BUNDLE_TOO_FEW_SIGNATURES = "E0714";
    /// a bundle's signatures entry is malformed or not in canonical form
    BUNDLE_BAD_SIGNATURES_ENTRY = "E0715";
    /// a bundle's archive is not in canonical form (stray bytes, headers or padding)
    BUNDLE_NOT_CANONICAL = "E0716";
    /// a verified bundle is not the bundle asked for (its name)
    BUNDLE_WRONG_NAME = "E0717";
    /// a verified bundle is older than the minimum version asked for
    BUNDLE_TOO_OLD = "E0718";
    /// an import that nothing uses
    UNUSED_IMPORT = "W0200";
    /// a package imports itself
    SELF_IMPORT = "W0201";
    /// a local binding that nothing uses
    UNUSED_BINDING = "W0300";
    /// `?.`, `?[` or `??` applied to a value that cannot be absent
    UNNECESSARY_OPTIONAL = "W0301";
    /// a function or constant that nothing in the policy set uses
    UNUSED_ITEM = "W0302";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let mut previous = "";
        for (code, summary) in ALL {
            let text = code.as_str();
            assert_eq!(text.len(), 5, "{text}");
            assert!(text.starts_with('E') || text.starts_with('W'), "{text}");
            assert!(text[1..].chars().all(|c| c.is_ascii_digit()), "{text}");
            assert!(!summary.is_empty(), "{text} has no summary");
            let key = &text[1..];
            assert!(key > previous || code.is_warning(), "{text} out of order");
            if !code.is_warning() {
                previous = key;
            }
        }
    }
}
