//! JUnit XML, which CI systems read: one test suite per package, one test case per test (or
//! per case of a table), failures with their message and what the assertion compared.

use super::run::Ran;
use palisade::TestStatus;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;

/// The report as XML text.
pub fn report(ran: &[Ran], details: &dyn Fn(&Ran, usize) -> String) -> String {
    let mut suites: BTreeMap<&str, TestSuite> = BTreeMap::new();
    for r in ran {
        let suite = suites
            .entry(r.info.package.as_str())
            .or_insert_with(|| TestSuite::new(r.info.package.as_str()));
        let share = r.duration / u32::try_from(r.results.len().max(1)).unwrap_or(1);
        for (i, result) in r.results.iter().enumerate() {
            let name = match &result.case {
                Some(case) => format!("{} [case {case}]", r.info.name),
                None => r.info.name.clone(),
            };
            let status = match (&result.status, &result.failure) {
                (TestStatus::Pass, _) | (_, None) => TestCaseStatus::success(),
                (status, Some(f)) => {
                    let kind = if *status == TestStatus::Fail {
                        NonSuccessKind::Failure
                    } else {
                        NonSuccessKind::Error
                    };
                    let mut s = TestCaseStatus::non_success(kind);
                    s.set_message(f.message.as_str());
                    if let Some(code) = &f.code {
                        s.set_type(code.as_str());
                    } else {
                        s.set_type("E0600");
                    }
                    s.set_description(details(r, i));
                    s
                }
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(r.info.package.as_str());
            case.set_time(share);
            suite.add_test_case(case);
        }
    }
    let mut report = Report::new("palisade");
    report.add_test_suites(suites.into_values());
    report.to_string().unwrap_or_default()
}
