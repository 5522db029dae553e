//! Region responses: AWS region codes with their display names, continents and coordinates, as
//! the current collector reports them.

use serde_json::json;

use super::response::{Response, PROVIDER};

/// (latitude, longitude), as text.
type Coordinates = Option<(&'static str, &'static str)>;

/// (code, name, continent, coordinates). Coordinates are those of the current collector's table;
/// regions it does not know carry none.
const REGIONS: &[(&str, &str, &str, Coordinates)] = &[
    ("us-east-1", "US East (N. Virginia)", "north_america", Some(("39.028760", "-77.458263"))),
    ("us-east-2", "US East (Ohio)", "north_america", Some(("40.103564", "-83.200092"))),
    ("us-west-1", "US West (N. California)", "north_america", Some(("37.242183", "-121.783380"))),
    ("us-west-2", "US West (Oregon)", "north_america", Some(("45.841046", "-119.658093"))),
    ("af-south-1", "Africa (Cape Town)", "africa", Some(("-33.932268", "18.424434"))),
    ("ap-east-1", "Asia Pacific (Hong Kong)", "asia_pacific", Some(("22.365560", "114.105028"))),
    ("ap-south-1", "Asia Pacific (Mumbai)", "asia_pacific", Some(("19.147428", "73.013805"))),
    ("ap-northeast-3", "Asia Pacific (Osaka-Local)", "asia_pacific", Some(("34.675638", "135.495706"))),
    ("ap-northeast-2", "Asia Pacific (Seoul)", "asia_pacific", Some(("37.528547", "126.871867"))),
    ("ap-southeast-1", "Asia Pacific (Singapore)", "asia_pacific", Some(("1.321259", "103.695942"))),
    ("ap-southeast-2", "Asia Pacific (Sydney)", "asia_pacific", Some(("-33.921423", "151.188076"))),
    ("ap-northeast-1", "Asia Pacific (Tokyo)", "asia_pacific", Some(("35.648411", "139.792566"))),
    ("ca-central-1", "Canada (Central)", "north_america", Some(("43.650803", "-79.361824"))),
    ("cn-north-1", "China (Beijing)", "asia_pacific", Some(("39.919635", "116.307237"))),
    ("cn-northwest-1", "China (Ningxia)", "asia_pacific", Some(("37.354511", "106.106147"))),
    ("eu-central-1", "Europe (Frankfurt)", "europe", Some(("50.098645", "8.632262"))),
    ("eu-west-1", "Europe (Ireland)", "europe", Some(("53.330893", "-6.362217"))),
    ("eu-west-2", "Europe (London)", "europe", Some(("51.519749", "-0.087804"))),
    ("eu-south-1", "Europe (Milan)", "europe", Some(("45.448648", "9.147316"))),
    ("eu-west-3", "Europe (Paris)", "europe", Some(("48.905302", "2.369778"))),
    ("eu-north-1", "Europe (Stockholm)", "europe", Some(("59.263542", "18.104861"))),
    ("me-south-1", "Middle East (Bahrain)", "middle_east", Some(("26.240945", "50.586321"))),
    ("sa-east-1", "South America (São Paulo)", "south_america", Some(("-23.493549", "-46.809319"))),
    ("us-gov-east-1", "AWS GovCloud (US-East)", "north_america", None),
    ("us-gov-west-1", "AWS GovCloud (US-West)", "north_america", None),
    ("ap-south-2", "Asia Pacific (Hyderabad)", "asia_pacific", None),
    ("ap-southeast-3", "Asia Pacific (Jakarta)", "asia_pacific", None),
    ("ap-southeast-4", "Asia Pacific (Melbourne)", "asia_pacific", None),
    ("ap-southeast-5", "Asia Pacific (Malaysia)", "asia_pacific", None),
    ("ap-southeast-7", "Asia Pacific (Thailand)", "asia_pacific", None),
    ("ap-east-2", "Asia Pacific (Taipei)", "asia_pacific", None),
    ("ca-west-1", "Canada West (Calgary)", "north_america", None),
    ("eu-central-2", "Europe (Zurich)", "europe", None),
    ("eu-south-2", "Europe (Spain)", "europe", None),
    ("il-central-1", "Israel (Tel Aviv)", "middle_east", None),
    ("me-central-1", "Middle East (UAE)", "middle_east", None),
    ("mx-central-1", "Mexico (Central)", "north_america", None),
];

/// One Region response per region code, in the given order; a code missing from the table
/// still gets a record (its code as name), so no collected region lacks its Region.
pub fn region_responses<S: AsRef<str>>(regions: &[S]) -> Vec<Response> {
    regions.iter().map(|code| Response::region(region(code.as_ref()))).collect()
}

fn region(code: &str) -> serde_json::Value {
    match REGIONS.iter().find(|(c, ..)| *c == code) {
        Some((_, name, continent, Some((latitude, longitude)))) => json!({
            "name": name, "region_code": code, "provider": PROVIDER,
            "tags": {"continent": continent, "latitude": latitude, "longitude": longitude},
        }),
        Some((_, name, continent, None)) => json!({
            "name": name, "region_code": code, "provider": PROVIDER, "tags": {"continent": continent},
        }),
        None => json!({"name": code, "region_code": code, "provider": PROVIDER, "tags": {}}),
    }
}
