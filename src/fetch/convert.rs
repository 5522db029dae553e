//! SDK types into boto3-shaped model types, field by field (the SDK's types are not serde). The
//! field lists are generated (tools/model_gen.py writes fetch/from_sdk/); this is what they call.

use std::collections::HashMap;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

use crate::model::OrderedMap;

/// Builds a model struct from the same-named fields of an SDK struct, moving each (the SDK's
/// answer is consumed: nothing is cloned). A bare field moves as it is; `str` takes an SDK enum's
/// text, `time` formats a timestamp, `one` converts a nested shape, `each` a list of nested shapes
/// (`each_required` one the shape requires: empty is absent), `strs` a list of enums, `map` a map
/// of scalars.
macro_rules! boto {
    ($src:expr => $ty:path { $($field:ident $(: $how:ident)?),* $(,)? }) => {{
        let src = $src;
        $ty { $($field: boto!(@field src.$field $(, $how)?),)* ..Default::default() }
    }};
    (@field $e:expr) => { $e };
    (@field $e:expr, str) => { $e.map(|v| v.as_str().to_string()) };
    (@field $e:expr, time) => { $e.as_ref().map($crate::fetch::convert::time) };
    (@field $e:expr, boxed) => { $e.map(|v| Box::new(v.into())) };
    (@field $e:expr, each) => { $e.map(|v| $crate::fetch::convert::exact(v, Into::into)) };
    (@field $e:expr, each_required) => {
        $e.filter(|v| !v.is_empty()).map(|v| $crate::fetch::convert::exact(v, Into::into))
    };
    (@field $e:expr, strs) => { $e.map(|v| $crate::fetch::convert::exact(v, |x| x.as_str().to_string())) };
    (@field $e:expr, map) => { $e.map($crate::fetch::convert::ordered) };
}
pub(crate) use boto;

/// `items` converted, in a list of exactly their number. Collected in place, the model's list
/// would keep the SDK's allocation, which its parser grew by doubling (room for 4 items in a list
/// of one), for as long as the snapshot lives: 34 MB of the huge scenario's peak, measured with
/// heaptrack.
pub fn exact<S, M>(items: Vec<S>, convert: impl FnMut(S) -> M) -> Vec<M> {
    let mut out = Vec::with_capacity(items.len());
    out.extend(items.into_iter().map(convert));
    out
}

/// RFC 3339 in UTC, as the SDK parsed it.
pub fn time(t: &DateTime) -> String {
    t.fmt(Format::DateTime).unwrap_or_else(|_| t.secs().to_string())
}

/// A map of the SDK in key order: its HashMap has none, and a snapshot should not change from
/// one run to the next.
pub fn ordered<V>(map: HashMap<String, V>) -> OrderedMap<V> {
    let mut pairs: Vec<(String, V)> = map.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    OrderedMap(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_converted_list_holds_room_for_its_items_only() {
        // as the SDK's parser leaves a list of one, grown by pushing into it: room for 4
        let mut parsed: Vec<u64> = Vec::with_capacity(4);
        parsed.extend([7]);
        let converted: Vec<i64> = exact(parsed, |x| x as i64);
        assert_eq!((converted.len(), converted.capacity()), (1, 1), "collected in place, it keeps the room for 4");
    }
}
