/// Market codes: ISO 3166-1 alpha-2 countries, ISO 3166-2 subdivisions (`US-CA`) and `EU`.
///
/// A market switches rules on and off, so an unknown code must never be accepted silently:
/// `markets: [California]` would otherwise leave every California rule "not placed in US-CA".
public enum MarketCode {
  /// Reads a market as a person may write it: a code in any case, or a name such as
  /// "California" or "South Korea". Returns the code and, for an alias, what it was mapped from.
  public static func normalize(_ text: String) -> Result<(code: String, alias: String?), MarketCodeError> {
    // Codes as written in most run files, without case folding or trimming (a bulk import reads many).
    if text == "EU" || countries.contains(text) || usStateCodes.contains(text) {
      if text != "CA" { return .success((text, nil)) }
    }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let upper = trimmed.uppercased()
    if upper == "CA" {
      return .failure(MarketCodeError("'\(text)' is ambiguous: in ISO 3166-1 CA is Canada; write US-CA for California, or CAN for Canada"))
    }
    if upper == "EU" || countries.contains(upper) { return .success((upper, nil)) }
    if let dash = upper.firstIndex(of: "-") {
      let country = String(upper[..<dash])
      let region = upper[upper.index(after: dash)...]
      if country == "US" {
        if usStateCodes.contains(upper) { return .success((upper, nil)) }
        return .failure(MarketCodeError("'\(text)' is not a US state or territory code (e.g. US-CA, US-NY, US-IL)"))
      }
      if countries.contains(country), (1...3).contains(region.count), region.allSatisfy({ $0.isLetter || $0.isNumber }) {
        return .success((upper, nil))
      }
    }
    let key = upper.filter { $0.isLetter }
    if let code = aliases[key] ?? usStates[key] { return .success((code, trimmed)) }
    return .failure(MarketCodeError(
      "unknown market '\(text)' (expected an ISO 3166-1 code such as US, KR or DE, an ISO 3166-2 code such as US-CA, or EU)"))
  }

  /// Whether a run placed in `market` is placed in `ruleMarket`: the same code, a country for
  /// its subdivisions (a model placed in the US is placed in California), or an EU member state for the EU.
  public static func covers(_ market: String, _ ruleMarket: String) -> Bool {
    if market == ruleMarket { return true }
    if ruleMarket == "EU" { return euMembers.contains(market) }
    // `US` covers `US-CA`: a prefix followed by a dash, compared without building a string.
    let m = market.utf8, r = ruleMarket.utf8
    guard r.count > m.count, r.starts(with: m) else { return false }
    return r[r.index(r.startIndex, offsetBy: m.count)] == UInt8(ascii: "-")
  }

  static let euMembers: Set<String> = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
    "PL", "PT", "RO", "SK", "SI", "ES", "SE",
  ]

  /// Names and spellings people type, letters only and upper-cased.
  static let aliases: [String: String] = [
    "USA": "US", "UNITEDSTATES": "US", "UNITEDSTATESOFAMERICA": "US", "AMERICA": "US",
    "EUROPEANUNION": "EU", "EUROPE": "EU", "UK": "GB", "UNITEDKINGDOM": "GB", "GREATBRITAIN": "GB", "BRITAIN": "GB",
    "KOREA": "KR", "SOUTHKOREA": "KR", "REPUBLICOFKOREA": "KR", "KOR": "KR", "CAN": "CA", "CANADA": "CA", "JAPAN": "JP",
    "CHINA": "CN", "INDIA": "IN", "GERMANY": "DE", "FRANCE": "FR", "SINGAPORE": "SG", "AUSTRALIA": "AU", "BRAZIL": "BR",
    "SWITZERLAND": "CH", "ISRAEL": "IL", "UAE": "AE", "UNITEDARABEMIRATES": "AE", "NEWYORKCITY": "US-NY", "NYC": "US-NY",
  ]

  /// US states, DC and territories by name (letters only, upper-cased) → ISO 3166-2 code.
  static let usStates: [String: String] = [
    "ALABAMA": "US-AL", "ALASKA": "US-AK", "ARIZONA": "US-AZ", "ARKANSAS": "US-AR", "CALIFORNIA": "US-CA",
    "COLORADO": "US-CO", "CONNECTICUT": "US-CT", "DELAWARE": "US-DE", "FLORIDA": "US-FL", "GEORGIA": "US-GA",
    "HAWAII": "US-HI", "IDAHO": "US-ID", "ILLINOIS": "US-IL", "INDIANA": "US-IN", "IOWA": "US-IA", "KANSAS": "US-KS",
    "KENTUCKY": "US-KY", "LOUISIANA": "US-LA", "MAINE": "US-ME", "MARYLAND": "US-MD", "MASSACHUSETTS": "US-MA",
    "MICHIGAN": "US-MI", "MINNESOTA": "US-MN", "MISSISSIPPI": "US-MS", "MISSOURI": "US-MO", "MONTANA": "US-MT",
    "NEBRASKA": "US-NE", "NEVADA": "US-NV", "NEWHAMPSHIRE": "US-NH", "NEWJERSEY": "US-NJ", "NEWMEXICO": "US-NM",
    "NEWYORK": "US-NY", "NORTHCAROLINA": "US-NC", "NORTHDAKOTA": "US-ND", "OHIO": "US-OH", "OKLAHOMA": "US-OK",
    "OREGON": "US-OR", "PENNSYLVANIA": "US-PA", "RHODEISLAND": "US-RI", "SOUTHCAROLINA": "US-SC", "SOUTHDAKOTA": "US-SD",
    "TENNESSEE": "US-TN", "TEXAS": "US-TX", "UTAH": "US-UT", "VERMONT": "US-VT", "VIRGINIA": "US-VA",
    "WASHINGTON": "US-WA", "WESTVIRGINIA": "US-WV", "WISCONSIN": "US-WI", "WYOMING": "US-WY",
    "DISTRICTOFCOLUMBIA": "US-DC", "WASHINGTONDC": "US-DC", "AMERICANSAMOA": "US-AS", "GUAM": "US-GU",
    "NORTHERNMARIANAISLANDS": "US-MP", "PUERTORICO": "US-PR", "USVIRGINISLANDS": "US-VI", "UNITEDSTATESMINOROUTLYINGISLANDS": "US-UM",
  ]

  /// The US codes, for lookups by code.
  static let usStateCodes: Set<String> = Set(usStates.values)

  /// ISO 3166-1 alpha-2 codes.
  static let countries: Set<String> = Set("""
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD
    CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF
    GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
    SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}

/// Why a market code was refused.
public struct MarketCodeError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
