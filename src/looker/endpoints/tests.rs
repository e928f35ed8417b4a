use super::*;

fn id_of(version: &str, method: &str, path: &str) -> Option<&'static str> {
    lookup(version, method, path).map(|op| op.id)
}

fn ids_at(version: &str, path: &str) -> Vec<&'static str> {
    operations_at(version, path)
        .iter()
        .map(|op| op.id)
        .collect()
}

fn op_4_0(id: &str) -> &'static Operation {
    by_id("4.0", id).unwrap_or_else(|| panic!("{id} is in 4.0"))
}

#[test]
fn known_versions_are_listed_oldest_first() {
    assert_eq!(known_versions(), ["3.0", "3.1", "4.0"]);
    assert_eq!(spec_release("4.0"), Some("26.12.3"));
    assert_eq!(spec_release("5.0"), None);
}

#[test]
fn a_literal_segment_beats_a_param_segment() {
    assert_eq!(id_of("4.0", "GET", "/looks/search"), Some("search_looks"));
    assert_eq!(id_of("4.0", "GET", "/looks/42"), Some("look"));
    assert_eq!(
        id_of("4.0", "GET", "/folders/7/children/search"),
        Some("folder_children_search")
    );
}

#[test]
fn the_leftmost_literal_decides_between_overlapping_templates() {
    // Both `/dashboards/lookml/{dashboard_id}` and
    // `/dashboards/{dashboard_id}/dashboard_elements` fit this path.
    let id = id_of("4.0", "GET", "/dashboards/lookml/dashboard_elements");
    assert_eq!(id, Some("dashboard_lookml"));
}

#[test]
fn params_fill_every_segment_of_a_long_template() {
    let path = "/queries/models/thelook/views/orders/run/csv";
    assert_eq!(id_of("4.0", "GET", path), Some("run_url_encoded_query"));
}

#[test]
fn an_unknown_path_gives_none() {
    assert_eq!(id_of("4.0", "GET", "/nope"), None);
    assert_eq!(id_of("4.0", "GET", "/looks/42/nonsense"), None);
    assert_eq!(id_of("4.0", "GET", "/alive"), None);
    assert_eq!(id_of("4.0", "GET", ""), None);
    assert_eq!(id_of("4.0", "GET", "/"), None);
    assert_eq!(id_of("4.0", "GET", "looks/42"), None);
}

#[test]
fn a_trailing_slash_does_not_match() {
    assert_eq!(id_of("4.0", "GET", "/looks/"), None);
    assert_eq!(id_of("4.0", "GET", "/looks/42/"), None);
    assert_eq!(id_of("4.0", "GET", "/looks/search/"), None);
}

#[test]
fn an_empty_segment_does_not_fill_a_param() {
    assert_eq!(id_of("4.0", "GET", "/looks//run/json"), None);
}

#[test]
fn an_unknown_version_or_method_gives_none() {
    assert_eq!(id_of("5.0", "GET", "/looks/42"), None);
    assert_eq!(id_of("4.0", "HEAD", "/looks/42"), None);
    assert_eq!(id_of("4.0", "POST", "/looks/42"), None);
}

#[test]
fn methods_are_case_sensitive() {
    assert_eq!(Method::parse("PATCH"), Some(Method::Patch));
    assert_eq!(Method::parse("patch"), None);
    assert_eq!(id_of("4.0", "patch", "/looks/42"), None);
}

#[test]
fn every_method_round_trips_through_its_name() {
    for method in Method::ALL {
        assert_eq!(Method::parse(method.as_str()), Some(method));
    }
}

#[test]
fn all_spaces_exists_only_in_3x_and_is_renamed_all_folders_in_4_0() {
    assert!(by_id("3.1", "all_spaces").is_some());
    assert!(by_id("4.0", "all_spaces").is_none());
    assert_eq!(id_of("4.0", "GET", "/spaces"), None);
    assert_eq!(renamed_in("4.0", "all_spaces"), Some("all_folders"));
    assert_eq!(renamed_in("4.0", "space"), Some("folder"));
    assert_eq!(renamed_in("4.0", "search_spaces"), Some("search_folders"));
    assert_eq!(renamed_in("4.0", "homepage_section"), Some("board_section"));
}

#[test]
fn renamed_in_gives_none_where_the_id_exists_or_has_no_successor() {
    assert_eq!(renamed_in("3.1", "all_spaces"), None);
    assert_eq!(renamed_in("4.0", "all_folders"), None);
    assert_eq!(renamed_in("4.0", "backup_configuration"), None);
    assert_eq!(renamed_in("9.9", "all_spaces"), None);
}

#[test]
fn versions_having_lists_where_get_folders_exists() {
    assert_eq!(versions_having("GET", "/folders"), ["3.1", "4.0"]);
    assert_eq!(versions_having("GET", "/spaces"), ["3.0", "3.1"]);
    assert!(versions_having("GET", "/nope").is_empty());
}

#[test]
fn operations_at_lists_what_each_method_reaches() {
    assert_eq!(
        ids_at("4.0", "/looks/42"),
        ["look", "update_look", "delete_look"]
    );
    let at_search = ids_at("4.0", "/looks/search");
    assert_eq!(at_search, ["search_looks", "update_look", "delete_look"]);

    assert!(operations_at("4.0", "/nope").is_empty());
    assert!(operations_at("5.0", "/looks/42").is_empty());
}

#[test]
fn by_id_finds_an_operation_of_a_version() {
    let folder = op_4_0("folder");
    assert_eq!(folder.method, Method::Get);
    assert_eq!(folder.template, "/folders/{folder_id}");
    assert!(by_id("4.0", "nope").is_none());
}

#[test]
fn render_task_results_and_run_look_may_be_binary() {
    let render = lookup("4.0", "GET", "/render_tasks/abc/results");
    assert!(render.is_some_and(|op| op.binary));
    let run_look = lookup("3.1", "GET", "/looks/1/run/png");
    assert!(run_look.is_some_and(|op| op.binary));
}

#[test]
fn json_svg_and_text_results_are_not_binary() {
    assert!(!op_4_0("folder").binary);
    assert!(!op_4_0("vector_thumbnail").binary);
    assert!(!op_4_0("query_task_results").binary);
}

#[test]
fn login_takes_a_form_body_in_4_0() {
    let login = lookup("4.0", "POST", "/login");
    assert_eq!(login.map(|op| op.body), Some(BodyKind::Form));

    // The 3.x specs declare the credentials as query parameters.
    let login = lookup("3.1", "POST", "/login");
    assert_eq!(login.map(|op| op.body), Some(BodyKind::None));
}

#[test]
fn body_kinds_follow_the_declared_content_type() {
    assert_eq!(op_4_0("create_folder").body, BodyKind::Json);
    assert_eq!(op_4_0("parse_saml_idp_metadata").body, BodyKind::Text);
    assert_eq!(op_4_0("folder").body, BodyKind::None);
}

#[test]
fn statuses_come_from_x_looker_status() {
    assert_eq!(op_4_0("vector_thumbnail").status, OpStatus::Deprecated);
    assert_eq!(op_4_0("folder").status, OpStatus::Stable);
    assert_eq!(op_4_0("search_agents").status, OpStatus::Beta);
}

#[test]
fn every_version_holds_its_spec_count_sorted_by_first_segment() {
    // `most_specific` relies on the order; the counts are the specs' own.
    let by_version = &index().by_version;
    let counts: Vec<usize> = by_version.iter().map(Vec::len).collect();
    assert_eq!(counts, [259, 355, 483]);

    for ops in by_version {
        let firsts: Vec<_> = ops.iter().map(|&i| first_segment(op(i).template)).collect();
        assert!(firsts.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn the_table_has_a_row_and_a_template_for_every_line_of_text() {
    assert_eq!(TEXT.lines().count(), ROWS.len());
    assert!(TEXT.lines().next().is_some_and(|line| line.contains(" /")));
    for op in &index().ops {
        assert!(op.template.starts_with('/'), "{}: {}", op.id, op.template);
        assert!(!op.id.is_empty() && !op.id.contains(' '), "{}", op.id);
    }
}

#[test]
fn renames_are_sorted_and_lead_to_operations_of_4_0() {
    assert!(RENAMES.windows(2).all(|w| w[0].0 < w[1].0));
    for (old, new) in RENAMES {
        assert!(by_id("4.0", old).is_none(), "{old} still in 4.0");
        assert!(by_id("4.0", new).is_some(), "{new} not in 4.0");
    }
}
