//! Region responses: AWS region codes with their display names, continents and coordinates, as
//! the current collector reports them.

use serde_json::json;

use super::response::{Response, PROVIDER};

/// (latitude, longitude), as text.
type Coordinates = Option<(&'static str, &'static str)>;

/// (code, name, continent, coordinates): the current collector's table as it is, its oddities
/// included (ap-south-2 named "Mumbai", GovCloud on "south_america": the records it emits).
type Row = (&'static str, &'static str, Option<&'static str>, Coordinates);
const REGIONS: &[Row] = &[
    ("us-east-1", "US East (N. Virginia)", Some("north_america"), Some(("39.028760", "-77.458263"))),
    ("us-east-2", "US East (Ohio)", Some("north_america"), Some(("40.103564", "-83.200092"))),
    ("us-west-1", "US West (N. California)", Some("north_america"), Some(("37.242183", "-121.783380"))),
    ("us-west-2", "US West (Oregon)", Some("north_america"), Some(("45.841046", "-119.658093"))),
    ("af-south-1", "Africa (Cape Town)", Some("africa"), Some(("-33.932268", "18.424434"))),
    ("ap-east-1", "Asia Pacific (Hong Kong)", Some("asia_pacific"), Some(("22.365560", "114.119420"))),
    ("ap-south-1", "Asia Pacific (Mumbai)", Some("asia_pacific"), Some(("19.147428", "73.013805"))),
    ("ap-northeast-3", "Asia Pacific (Osaka-Local)", Some("asia_pacific"), Some(("34.675638", "135.495706"))),
    ("ap-northeast-2", "Asia Pacific (Seoul)", Some("asia_pacific"), Some(("37.528547", "126.871867"))),
    ("ap-southeast-1", "Asia Pacific (Singapore)", Some("asia_pacific"), Some(("1.321259", "103.695942"))),
    ("ap-southeast-2", "Asia Pacific (Sydney)", Some("asia_pacific"), Some(("-33.921423", "151.188076"))),
    ("ap-northeast-1", "Asia Pacific (Tokyo)", Some("asia_pacific"), Some(("35.648411", "139.792566"))),
    ("ca-central-1", "Canada (Central)", Some("north_america"), Some(("43.650803", "-79.361824"))),
    ("cn-north-1", "China (Beijing)", Some("asia_pacific"), Some(("39.919635", "116.307237"))),
    ("cn-northwest-1", "China (Ningxia)", Some("asia_pacific"), Some(("37.354511", "106.106147"))),
    ("eu-central-1", "Europe (Frankfurt)", Some("europe"), Some(("50.098645", "8.632262"))),
    ("eu-west-1", "Europe (Ireland)", Some("europe"), Some(("53.330893", "-6.362217"))),
    ("eu-west-2", "Europe (London)", Some("europe"), Some(("51.519749", "-0.087804"))),
    ("eu-south-1", "Europe (Milan)", Some("europe"), Some(("45.448648", "9.147316"))),
    ("eu-west-3", "Europe (Paris)", Some("europe"), Some(("48.905302", "2.369778"))),
    ("eu-north-1", "Europe (Stockholm)", Some("europe"), Some(("59.263542", "18.104861"))),
    ("me-south-1", "Middle East (Bahrain)", Some("middle_east"), Some(("26.240945", "50.586321"))),
    ("sa-east-1", "South America (São Paulo)", Some("south_america"), Some(("-23.493549", "-46.809319"))),
    ("us-gov-east-1", "AWS GovCloud (US-East)", Some("south_america"), None),
    ("us-gov-west-1", "AWS GovCloud (US)", Some("south_america"), None),
    ("ap-south-2", "Asia Pacific (Mumbai)", Some("asia_pacific"), Some(("17.3850", "78.4867"))),
    ("ap-southeast-4", "Asia Pacific (Melbourne)", Some("asia_pacific"), Some(("-37.8136", "144.9631"))),
    ("ap-southeast-3", "Asia Pacific (Jakarta)", Some("asia_pacific"), Some(("-6.2088", "106.8272"))),
    ("ca-west-1", "Canada West (Calgary)", Some("north_america"), Some(("51.0447", "114.0719"))),
    ("eu-central-2", "Europe (Zurich)", Some("europe"), Some(("47.3769", "8.5417"))),
    ("eu-south-2", "Europe (Spain)", Some("europe"), Some(("40.4168", "3.7038"))),
    ("il-central-1", "Israel (Tel Aviv)", Some("middle_east"), Some(("32.0853", "34.7818"))),
    ("me-central-1", "Middle East (UAE)", Some("middle_east"), Some(("25.2769", "55.2708"))),
    ("ap-southeast-5", "Asia Pacific (Malaysia)", Some("asia_pacific"), Some(("3.1390", "101.6869"))),
    ("mx-central-1", "Mexico (Central)", Some("north_america"), Some(("20.5888", "-100.3899"))),
    ("ap-southeast-6", "Asia Pacific (Thailand)", Some("asia_pacific"), Some(("13.7563", "100.5018"))),
    ("global", "Global", None, None),
    // newer than the table: a name and continent, no coordinates (the current collector has no record for them)
    ("ap-southeast-7", "Asia Pacific (Thailand)", Some("asia_pacific"), None),
    ("ap-east-2", "Asia Pacific (Taipei)", Some("asia_pacific"), None),
];

/// One Region response per region code, in the given order; a code missing from the table
/// still gets a record (its code as name), so no collected region lacks its Region.
pub fn region_responses<S: AsRef<str>>(regions: &[S]) -> Vec<Response> {
    regions.iter().map(|code| Response::region(region(code.as_ref()))).collect()
}

fn region(code: &str) -> serde_json::Value {
    let Some((_, name, continent, coordinates)) = REGIONS.iter().find(|(c, ..)| *c == code) else {
        return json!({"name": code, "region_code": code, "provider": PROVIDER, "tags": {}});
    };
    let mut tags = serde_json::Map::new();
    if let Some((latitude, longitude)) = coordinates {
        tags.insert("latitude".into(), (*latitude).into());
        tags.insert("longitude".into(), (*longitude).into());
    }
    if let Some(continent) = continent {
        tags.insert("continent".into(), (*continent).into());
    }
    json!({"name": name, "region_code": code, "provider": PROVIDER, "tags": tags})
}
