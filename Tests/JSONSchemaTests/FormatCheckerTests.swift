import XCTest
@testable import JSONSchema

/// The formats the official suite's newest optional tests (JSON-Schema-Test-Suite, MIT licence; facts
/// restated here, since Debian's copy that `OfficialSuiteTests` runs is older) hold trackspec to: IDNA2008
/// host names, IRIs, URI templates, internationalized e-mail and leap seconds. Each case: format, string, valid.
final class FormatCheckerTests: XCTestCase {
    func assertCases(_ format: String, _ cases: [(String, Bool)], file: StaticString = #filePath, line: UInt = #line) {
        for (s, valid) in cases {
            XCTAssertEqual(FormatChecker.check(format, s), valid, "\(format) \(s.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04X", $0.value) }.joined())", file: file, line: line)
        }
    }

    func testIDNHostname() {
        let long = String(repeating: "실", count: 52) + String(repeating: "례", count: 20) + "테스트" + String(repeating: "례", count: 10) + ".테스트"
        let greek = "παράδειγμαπαράδειγμαπαράδειγμαπαράδειγμαπαράδειγμαπα"
        assertCases("idn-hostname", [
            ("실례.테스트", true), ("\u{302E}실례.테스트", false), ("실\u{302E}례.테스트", false), (long, false),
            ("-> $1.00 <--", false), ("xn--ihqwcrb4cv8a8dqg056pqjye", true), ("xn--X", false), ("XN--aa---o47jg78q", false),
            ("-hello", false), ("hello-", false), ("-hello-", false), ("\u{0903}hello", false), ("\u{0300}hello", false), ("\u{0488}hello", false),
            ("\u{00DF}\u{03C2}\u{0F0B}\u{3007}", true), ("\u{06FD}\u{06FE}", true), ("\u{0640}\u{07FA}", false),
            ("\u{3031}\u{3032}\u{3033}\u{3034}\u{3035}\u{302E}\u{302F}\u{303B}", false),
            ("a\u{00B7}l", false), ("\u{00B7}l", false), ("l\u{00B7}a", false), ("l\u{00B7}", false), ("l\u{00B7}l", true),
            ("\u{03B1}\u{0375}S", false), ("\u{03B1}\u{0375}", false), ("\u{03B1}\u{0375}\u{03B2}", true),
            ("A\u{05F3}\u{05D1}", false), ("\u{05F3}\u{05D1}", false), ("\u{05D0}\u{05F3}\u{05D1}", true),
            ("A\u{05F4}\u{05D1}", false), ("\u{05F4}\u{05D1}", false), ("\u{05D0}\u{05F4}\u{05D1}", true),
            ("def\u{30FB}abc", false), ("\u{30FB}", false), ("\u{30FB}\u{3041}", true), ("\u{30FB}\u{30A1}", true), ("\u{30FB}\u{4E08}", true),
            ("\u{0628}\u{0660}\u{06F0}", false), ("\u{0628}\u{0660}\u{0628}", true), ("\u{06F0}0", true),
            ("\u{0915}\u{200D}\u{0937}", false), ("\u{200D}\u{0937}", false), ("\u{0915}\u{094D}\u{200D}\u{0937}", true),
            ("\u{0915}\u{094D}\u{200C}\u{0937}", true), ("\u{0628}\u{064A}\u{200C}\u{0628}\u{064A}", true), ("a\u{200C}b", false),
            ("hostname", true), ("host-name", true), ("h0stn4me", true), ("hostnam3", true), ("", false),
            ("0a.\u{05D0}", false), ("0\u{0627}", false), ("a\u{05D0}", false), ("\u{05D0}0\u{0660}", false), ("xn---9uc", false),
            (".", false), ("\u{3002}", false), ("\u{FF0E}", false), ("\u{FF61}", false),
            ("a.b", true), ("a\u{3002}b", true), ("a\u{FF0E}b", true), ("a\u{FF61}b", true),
            (".example", false), ("\u{3002}example", false), ("example.", false), ("example\u{FF61}", false),
            (greek + ".com", true), (greek + "\u{3002}com", true), (greek + "a.com", false),
            ("ab--cd", false), ("Example.COM", true), ("cafe\u{0301}", false), ("caf\u{00E9}", true), ("ÄB", false),
            (String(repeating: "a.", count: 126) + "a", true), (String(repeating: "a.", count: 127) + "a", false),
        ])
    }

    func testPunycodeRoundTrips() {
        // RFC 3492 section 7.1 (A): Arabic (Egyptian).
        let arabic = "\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}"
        XCTAssertEqual(Punycode.encode(Array(arabic.unicodeScalars)), "egbpdaj6bu4bxfgehfvwxn")
        XCTAssertEqual(Punycode.decode("egbpdaj6bu4bxfgehfvwxn").map { String(String.UnicodeScalarView($0)) }, arabic)
        XCTAssertEqual(Punycode.encode(Array("bücher".unicodeScalars)), "bcher-kva")
        XCTAssertNil(Punycode.decode("99999999999999999999"))
        XCTAssertNil(Punycode.decode("é"))
    }

    func testIRIs() {
        assertCases("iri", [
            ("http://ƒøø.ßår/?∂éœ=πîx#πîüx", true), ("http://ƒøø.com/blah_(wîkïpédiå)_blah#ßité-1", true),
            ("http://ƒøø.ßår/?q=Test%20URL-encoded%20stuff", true), ("http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", true),
            ("http://[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", true), ("http://2001:0db8:85a3:0000:0000:8a2e:0370:7334", false),
            ("/abc", false), ("\\\\WINDOWS\\filëßåré", false), ("âππ", false), ("http://[::ffff:192.168.0.01]", false),
            ("http://[2001:db8::1]", true), ("http://ƒøø.ßår/\n", false), ("http://192.168.0.1/p", true), ("urn:example:resource", true),
            ("file:/etc/hosts", true), ("http://ƒøø.ßår/\u{10300}", true), ("http://ƒøø.ßår/?q=\u{F0000}", true),
            ("http://ƒøø.ßår/\u{F0000}", false), ("http://example.com:80a/", false), ("http://[v1.fe]/", true),
        ])
        assertCases("iri-reference", [
            ("http://ƒøø.ßår/?∂éœ=πîx#πîüx", true), ("//ƒøø.ßår/?∂éœ=πîx#πîüx", true), ("/âππ", true), ("\\\\WINDOWS\\filëßåré", false),
            ("âππ", true), ("#ƒrägmênt", true), ("#ƒräg\\mênt", false), ("//[::ffff:192.168.0.01]/p", false), ("//[2001:db8::1]/p", true),
            ("/âππ/\u{10300}", true), ("?q=\u{F0000}", true), ("/âππ\n", false), ("/%6G", false), ("/%A", false), ("/%", false),
        ])
        // Plain URIs keep rejecting non-ASCII.
        assertCases("uri", [("http://ƒøø.com/", false), ("http://example.com/", true), ("http://example.com:8080/a?b#c", true)])
    }

    func testURITemplates() {
        assertCases("uri-template", [
            ("http://example.com/dictionary/{term:1}/{term}", true), ("http://example.com/dictionary/{term:1}/{term", false),
            ("http://example.com/dictionary", true), ("dictionary/{term:1}/{term}", true), ("{}", false), ("{a,,b}", false),
            ("{v:0}", false), ("{v:10000}", false), ("", true), ("foo}bar", false), ("a%41b", true), ("a%", false), ("a%4", false),
            ("a%GG", false), ("a\u{1F600}b", true), ("a\u{E000}b", true), ("a\u{F0000}b", true), ("{+var}", true), ("{#var}", true),
            ("{.var}", true), ("{/var}", true), ("{;var}", true), ("{?var}", true), ("{&var}", true), ("{var*}", true), ("{var:1*}", false),
            ("{x,y}", true), ("{a.b}", true), ("{a.}", false), ("{a..b}", false), ("{%41}", true), ("{%}", false), ("{%4}", false),
            ("{%GG}", false), ("{v:1000}", true), ("{v:01}", false), ("a b", false), ("a\u{7F}b", false), ("{a,}", false),
            ("{var=def}", false), ("{,+var}", false), ("a'b", true),
        ])
    }

    func testIDNEmail() {
        assertCases("idn-email", [
            ("실례@실례.테스트", true), ("2962", false), ("joe.bloggs@example.com", true), ("δοκιμή@example.com", true),
            ("\"δοκιμή\"@example.com", true), ("user@cafe\u{0301}.com", true), ("cafe\u{0301}@example.com", true),
            ("\u{0085}@example.com", true), ("\u{FFFF}@example.com", true), (String(repeating: "a", count: 64) + "@example.com", true),
            ("user\u{FF20}example.com", false), ("\u{1D54F}@example.com", true), ("δοκιμή@[192.0.2.1]", true),
            ("δοκιμή@[IPv6:2001:db8::1]", true), ("user@[192.0.2.300]", false), ("user@[01.0.0.1]", true), ("a@\u{302E}b.com", false),
        ])
    }

    func testLeapSeconds() {
        assertCases("time", [
            ("08:30:06Z", true), ("008:030:006Z", false), ("8:3:6Z", false), ("23:59:60Z", true), ("22:59:60Z", false), ("23:58:60Z", false),
            ("23:59:60+00:00", true), ("22:59:60+00:00", false), ("01:29:60+01:30", true), ("23:29:60+23:30", true),
            ("23:59:60+01:00", false), ("23:59:60+00:30", false), ("15:59:60-08:00", true), ("00:29:60-23:30", true),
            ("23:59:60-01:00", false), ("23:59:60-00:30", false), ("12:34:56-00:00", true), ("08:30:06-8:000", false),
            ("01:02:03+24:00", false), ("01:02:03+00:60", false), ("01:02:03Z+00:30", false), ("12:00:00", false), ("1২:00:00Z", false),
            ("24:59:00+01:00", false),
        ])
        assertCases("date-time", [
            ("1998-12-31T23:59:60Z", true), ("1998-12-31T15:59:60.123-08:00", true), ("1998-12-31T23:59:61Z", false),
            ("1998-12-31T23:58:60Z", false), ("1998-12-31T22:59:60Z", false), ("2016-12-31T24:59:60+01:00", false),
            ("1985-04-12T23:20:50Z\n", false), ("0100-02-29T00:00:00Z", false), ("0400-02-29T00:00:00Z", true),
        ])
    }
}
