//! Pairing the OpenAPI file's operations with ours and listing what differs.

use std::collections::BTreeMap;

use super::finding::{Finding, Kind};
use super::path::{Segment, normalise, placeholder_names};
use super::surface::{Item, Location, Operation};

/// Locations compared. Headers are left out: the only ones Graph takes are
/// the runtime's (authorization). Adding one is adding it here.
const COMPARED: [Location; 3] = [Location::Query, Location::Path, Location::Body];

/// Every difference between `theirs` (the OpenAPI file) and `ours`, in the
/// OpenAPI file's order, our extra operations last.
pub fn compare(theirs: &[Operation], ours: &[Operation]) -> Vec<Finding> {
    let (pairs, unpaired_theirs, unpaired_ours) = pair(theirs, ours);
    let mut by_theirs: BTreeMap<usize, Vec<Finding>> = BTreeMap::new();
    for (t, o) in pairs {
        by_theirs.insert(t, differences(&theirs[t], &ours[o]));
    }
    for t in unpaired_theirs {
        let op = &theirs[t];
        let detail = match op.name.as_str() {
            "" => "operation missing from our spec".to_owned(),
            id => format!("operation missing from our spec (`{id}`)"),
        };
        by_theirs.insert(
            t,
            vec![finding(Kind::MissingOperation, op, &op.name, detail)],
        );
    }
    let mut findings: Vec<Finding> = by_theirs.into_values().flatten().collect();
    findings.extend(unpaired_ours.into_iter().map(|o| {
        let op = &ours[o];
        let detail = "only in our spec, not in the OpenAPI file".to_owned();
        finding(Kind::NotInOpenapi, op, &op.name, detail)
    }));
    findings
}

/// Names every Graph operation may have, which say nothing about which
/// operation it is.
const GENERIC_NAMES: [&str; 8] = [
    "fields",
    "limit",
    "after",
    "before",
    "filtering",
    "summary",
    "id",
    "success",
];

/// Operations paired by method and path shape. A shape with a fixed
/// segment (`/{v}/{id}/phone_numbers`) held by one operation on each side
/// is a pair. Otherwise (every node read is `GET /{v}/{id}`), pairs are
/// chosen by likeness: equal placeholder names first, then the most
/// specific wire names in common; a pair with nothing in common is not
/// made. Returns the pairs and the unpaired indices of each side.
fn pair(theirs: &[Operation], ours: &[Operation]) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    type Key = (String, Vec<Segment>);
    let mut groups: BTreeMap<Key, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, op) in theirs.iter().enumerate() {
        let key = (op.method.clone(), normalise(&op.path));
        groups.entry(key).or_default().0.push(i);
    }
    for (i, op) in ours.iter().enumerate() {
        let key = (op.method.clone(), normalise(&op.path));
        groups.entry(key).or_default().1.push(i);
    }
    let (mut pairs, mut lone_theirs, mut lone_ours) = (Vec::new(), Vec::new(), Vec::new());
    for (ts, os) in groups.into_values() {
        if let ([t], [o]) = (ts.as_slice(), os.as_slice()) {
            let has_literal = normalise(&theirs[*t].path)
                .iter()
                .any(|s| matches!(s, Segment::Literal(_)));
            if has_literal {
                pairs.push((*t, *o));
                continue;
            }
        }
        let mut scored: Vec<(usize, usize, usize)> = Vec::new();
        for &t in &ts {
            for &o in &os {
                let score = likeness(&theirs[t], &ours[o]);
                if score > 0 {
                    scored.push((score, t, o));
                }
            }
        }
        // Best first; ties keep file order, so the outcome is stable.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut used_t, mut used_o) = (Vec::new(), Vec::new());
        for (_, t, o) in scored {
            if !used_t.contains(&t) && !used_o.contains(&o) {
                used_t.push(t);
                used_o.push(o);
                pairs.push((t, o));
            }
        }
        lone_theirs.extend(ts.into_iter().filter(|t| !used_t.contains(t)));
        lone_ours.extend(os.into_iter().filter(|o| !used_o.contains(o)));
    }
    pairs.sort_unstable();
    lone_theirs.sort_unstable();
    lone_ours.sort_unstable();
    (pairs, lone_theirs, lone_ours)
}

/// How alike two operations of the same shape are.
fn likeness(theirs: &Operation, ours: &Operation) -> usize {
    let same_placeholders = placeholder_names(&theirs.path) == placeholder_names(&ours.path);
    let shared = theirs
        .names()
        .intersection(&ours.names())
        .filter(|name| !GENERIC_NAMES.contains(name))
        .count();
    usize::from(same_placeholders) * 1000 + shared
}

/// What a paired operation lacks or says differently.
fn differences(theirs: &Operation, ours: &Operation) -> Vec<Finding> {
    let mut findings = Vec::new();
    for param in theirs
        .params
        .iter()
        .filter(|p| COMPARED.contains(&p.location))
    {
        let (location, item) = (param.location, &param.item);
        let noun = location.noun();
        let (ours_item, our_location) = match ours.param(location, &item.name) {
            Some(found) => (found, location),
            None => {
                let elsewhere = ours
                    .params
                    .iter()
                    .find(|p| p.item.name == item.name && COMPARED.contains(&p.location));
                let Some(elsewhere) = elsewhere else {
                    let kind = if location == Location::Body {
                        Kind::MissingBodyField
                    } else {
                        Kind::MissingParam
                    };
                    let detail = format!("missing {noun} `{}`", item.name);
                    findings.push(finding(kind, theirs, &item.name, detail));
                    continue;
                };
                let detail = format!(
                    "`{}` is a {noun} in the OpenAPI file, a {} in our spec",
                    item.name,
                    elsewhere.location.noun()
                );
                findings.push(finding(Kind::LocationDiffers, theirs, &item.name, detail));
                (&elsewhere.item, elsewhere.location)
            }
        };
        let what = format!("{} `{}`", our_location.noun(), item.name);
        findings.extend(required_differs(theirs, item, ours_item, &what));
        findings.extend(enum_values(theirs, item, ours_item, &what));
    }
    for field in &theirs.response {
        let what = format!("response field `{}`", field.name);
        let Some(ours_field) = ours.response.iter().find(|f| f.name == field.name) else {
            let detail = format!("{what} missing");
            findings.push(finding(
                Kind::MissingResponseField,
                theirs,
                &field.name,
                detail,
            ));
            continue;
        };
        if ours.response_required_known {
            findings.extend(required_differs(theirs, field, ours_field, &what));
        }
        findings.extend(enum_values(theirs, field, ours_field, &what));
    }
    findings
}

fn required_differs(op: &Operation, theirs: &Item, ours: &Item, what: &str) -> Option<Finding> {
    let word = |required| if required { "required" } else { "optional" };
    (theirs.required != ours.required).then(|| {
        let detail = format!(
            "{what} is {} in the OpenAPI file, {} in our spec",
            word(theirs.required),
            word(ours.required)
        );
        finding(Kind::RequiredDiffers, op, &theirs.name, detail)
    })
}

/// Values the OpenAPI file lists that our enum lacks; only where our type
/// is an enum (a plain string in our spec accepts anything).
fn enum_values(op: &Operation, theirs: &Item, ours: &Item, what: &str) -> Vec<Finding> {
    let (Some(listed), Some(known)) = (&theirs.enumeration, &ours.enumeration) else {
        return Vec::new();
    };
    let name = known.name.as_deref().unwrap_or("enum");
    listed
        .values
        .difference(&known.values)
        .map(|value| {
            let detail = format!("enum `{name}` lacks `{value}` ({what})");
            finding(Kind::MissingEnumValue, op, &theirs.name, detail)
        })
        .collect()
}

fn finding(kind: Kind, op: &Operation, name: &str, detail: String) -> Finding {
    Finding {
        kind,
        method: op.method.clone(),
        path: op.path.clone(),
        name: name.to_owned(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::surface::Param;

    fn op(method: &str, path: &str, params: &[&str], response: &[&str]) -> Operation {
        let item = |name: &&str| Item {
            name: (*name).to_owned(),
            required: false,
            enumeration: None,
        };
        Operation {
            name: String::new(),
            method: method.to_owned(),
            path: path.to_owned(),
            params: params
                .iter()
                .map(|n| Param {
                    location: Location::Query,
                    item: item(n),
                })
                .collect(),
            response: response.iter().map(item).collect(),
            response_required_known: true,
        }
    }

    #[test]
    fn look_alike_shapes_pair_by_shared_names() {
        let theirs = [
            op("GET", "/{Version}/{Flow-ID}", &[], &["json_version"]),
            op("GET", "/{Version}/{WABA-ID}", &[], &["currency", "name"]),
        ];
        let ours = [op(
            "GET",
            "/{version}/{whatsapp-business-account-id}",
            &[],
            &["currency"],
        )];
        let findings = compare(&theirs, &ours);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert_eq!(findings[0].kind, Kind::MissingOperation);
        assert_eq!(findings[0].path, "/{Version}/{Flow-ID}");
        assert_eq!(findings[1].kind, Kind::MissingResponseField);
        assert_eq!(findings[1].name, "name");
    }

    #[test]
    fn equal_placeholder_names_win_over_shared_fields() {
        let theirs = [op("GET", "/{Version}/{Phone-Number-ID}", &[], &["a"])];
        let ours = [
            op("GET", "/{version}/{template-id}", &[], &["a"]),
            op("GET", "/{version}/{phone-number-id}", &[], &[]),
        ];
        let findings = compare(&theirs, &ours);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert_eq!(findings[0].kind, Kind::MissingResponseField);
        assert_eq!(findings[1].kind, Kind::NotInOpenapi);
        assert_eq!(findings[1].path, "/{version}/{template-id}");
    }

    #[test]
    fn node_paths_need_something_in_common() {
        let theirs = [op(
            "GET",
            "/{Version}/{Phone-Number-ID}",
            &["fields"],
            &["id", "name"],
        )];
        let ours = [op(
            "GET",
            "/{version}/{waba-id}",
            &["fields"],
            &["id", "currency"],
        )];
        let kinds: Vec<Kind> = compare(&theirs, &ours).iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Kind::MissingOperation, Kind::NotInOpenapi]);
    }

    #[test]
    fn a_single_candidate_pairs_even_with_nothing_in_common() {
        let theirs = [op("GET", "/{V}/{X}/edge", &["q"], &[])];
        let ours = [op("GET", "/{v}/{y}/edge", &[], &[])];
        let findings = compare(&theirs, &ours);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, Kind::MissingParam);
        assert_eq!(findings[0].detail, "missing query param `q`");
    }
}
