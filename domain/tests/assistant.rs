//! Runs the offline assistant over its command table
//! (`assistant_commands.txt`); see `domain::assistant::table`.

use domain::assistant::table;

const TABLE: &str = include_str!("assistant_commands.txt");

#[test]
fn every_command_in_the_table_gives_the_expected_tool_calls() {
    let rows = table::run(TABLE);
    assert!(
        rows.len() >= 150,
        "the table has {} commands; keep at least 150",
        rows.len()
    );
    let failures: Vec<String> = rows
        .iter()
        .filter(|r| !r.passed())
        .map(|r| {
            format!(
                "  > {}\n    expected {}\n    got      {}",
                r.message, r.expected, r.got
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} commands differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
