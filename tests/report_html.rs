//! `report.html` rendered in a real browser (headless Chromium, installed by
//! `scripts/install-deps.sh`): for a full-year plan in English and in Chinese, the page loads
//! with no console messages, its screenshot is not blank, and every chart (SVG) has a size.
//! `zcpark report DIR` rebuilds the same page from the output directory.

mod common;
use assert_cmd::Command;
use common::*;
use std::path::{Path, PathBuf};

fn chromium() -> PathBuf {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|p| p.exists());
    found.unwrap_or_else(|| {
        panic!("no Chromium: bash scripts/install-deps.sh installs it (Debian package chromium)")
    })
}

/// Runs headless Chromium on `url` with `args`; returns standard output and error.
fn browse(args: &[&str], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A full-year park with PV, a battery, a TOU tariff, a demand charge, hydrogen and heat, so
/// that every section of the report has something to draw.
fn park() -> Fixture {
    let pv: Vec<f64> = (0..24)
        .map(|h| ((std::f64::consts::PI * (h as f64 - 6.0) / 12.0).sin()).max(0.0))
        .collect();
    let load: Vec<f64> = (0..168)
        .map(|h| 40.0 + 10.0 * ((h / 24) % 3) as f64)
        .collect();
    let yaml = head(8760, 0.5, 200.0, 1.0).replace(
        "  import_tariff: { flat_rmb_per_kwh: 0.5 }",
        "  import_tariff:
    tou:
      prices_rmb_per_kwh: { valley: 0.25, flat: 0.5, peak: 0.9 }
      seasons:
        - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
          hours: { valley: \"0-7\", flat: \"8-16\", peak: \"17-23\" }
  demand_charge: { max_demand_rmb_per_kw_month: 30 }",
    ) + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 300 }
  battery: { max_mwh: 300 }
hydrogen:
  demand: { kg_per_yr: 500000, window: day }
  electrolyser: { technology: alkaline, max_stacks: 4, commitment: relaxed }
  purchase: { price_rmb_per_kg: 25, t_co2_per_kg: 0.02 }
heat:
  demand_mw_th: { file: profile.csv, column: steam }
  gas_boiler: { capacity_mw_th: 40, gas_price_rmb_per_nm3: 3.0 }
  electric_boiler: { max_mw_th: 40 }
";
    fixture(
        &yaml,
        &[("load", load), ("pv", pv), ("steam", flat(20.0, 24))],
    )
}

/// Fraction of the PNG's pixels that are not white.
fn ink(png_file: &Path) -> f64 {
    let decoder = png::Decoder::new(std::fs::File::open(png_file).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let pixels = bytes.len() / channels;
    let inked = bytes
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|c| *c < 240))
        .count();
    inked as f64 / pixels as f64
}

/// The page loaded in an iframe of a test page whose script measures every SVG of it (the
/// report itself has no script); returns (charts, charts of zero size, text length).
fn measure(report: &Path) -> (usize, usize, usize) {
    let dir = report.parent().unwrap();
    let probe = dir.join("probe.html");
    std::fs::write(
        &probe,
        format!(
            "<html><body><iframe id=\"f\" src=\"{}\" style=\"width:900px;height:8000px\"></iframe>\
             <script>document.getElementById('f').onload = () => {{\
               const d = document.getElementById('f').contentDocument;\
               const svgs = [...d.querySelectorAll('svg')];\
               const zero = svgs.filter(s => {{ const r = s.getBoundingClientRect();\
                 return !(r.width > 10 && r.height > 10); }}).length;\
               document.body.setAttribute('data-result', svgs.length + ',' + zero + ',' +\
                 d.body.innerText.length); }};</script></body></html>",
            report.file_name().unwrap().to_string_lossy()
        ),
    )
    .unwrap();
    let (dom, _) = browse(
        &[
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ],
        &format!("file://{}", probe.display()),
    );
    let result = dom
        .split("data-result=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("the probe page did not measure the report:\n{dom}"));
    let parts: Vec<usize> = result.split(',').map(|x| x.parse().unwrap()).collect();
    (parts[0], parts[1], parts[2])
}

#[test]
fn the_report_renders_in_a_browser_in_english_and_chinese() {
    let f = park();
    for (lang, word, terms) in [
        (
            "en",
            "CO2 per unit of energy consumed",
            "income tax 25 %; all equity",
        ),
        ("zh", "单位能耗碳排放", "所得税 25 %；全部资本金"),
    ] {
        let out = f.path().join(format!("out-{lang}"));
        Command::cargo_bin("zcpark")
            .unwrap()
            .arg("plan")
            .arg(&f.scenario)
            .args(["--threads", "1", "--lang", lang, "--out"])
            .arg(&out)
            .assert()
            .success();
        let report = out.join("report.html");
        let html = std::fs::read_to_string(&report).unwrap();
        assert!(html.contains(word), "{lang}: no {word}");
        // The cash flows say what they rest on (tax, debt), as the summary does.
        assert!(html.contains(terms), "{lang}: no {terms}");
        for fetch in [
            "<script",
            "src=\"http",
            "href=\"http",
            "url(http",
            "@import",
        ] {
            assert!(!html.contains(fetch), "{lang}: {fetch}");
        }

        // No console message (a resource that fails to load, a parse error) while loading.
        let (_, log) = browse(
            &[
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000",
                "--dump-dom",
            ],
            &format!("file://{}", report.display()),
        );
        let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "{lang}: {console:?}");

        // A screenshot with ink on it.
        let shot = out.join("shot.png");
        browse(
            &[
                "--window-size=900,1600",
                &format!("--screenshot={}", shot.display()),
            ],
            &format!("file://{}", report.display()),
        );
        let inked = ink(&shot);
        assert!(
            inked > 0.05,
            "{lang}: screenshot {:.1} % inked",
            100.0 * inked
        );

        // Every chart drawn with a size: capacities, costs, two weeks, three heatmaps,
        // hydrogen and heat.
        let (charts, zero, text) = measure(&report);
        assert!(charts >= 8, "{lang}: {charts} charts");
        assert_eq!(zero, 0, "{lang}: {zero} of {charts} charts have no size");
        assert!(text > 1000, "{lang}: {text} characters of text");
    }
}

#[test]
fn zcpark_report_rebuilds_the_page_from_an_output_directory() {
    let f = park();
    let out = f.path().join("out");
    Command::cargo_bin("zcpark")
        .unwrap()
        .arg("plan")
        .arg(&f.scenario)
        .args(["--threads", "1", "--out"])
        .arg(&out)
        .assert()
        .success();
    let written = std::fs::read_to_string(out.join("report.html")).unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();
    Command::cargo_bin("zcpark")
        .unwrap()
        .args(["report"])
        .arg(&out)
        .assert()
        .success();
    let rebuilt = std::fs::read_to_string(out.join("report.html")).unwrap();
    // The same page, except the numbers that dispatch.csv keeps to six decimals may move
    // a chart's coordinates by a pixel: compare the text between the tags.
    let text = |html: &str| -> String {
        html.split('<')
            .filter_map(|part| part.split_once('>').map(|(_, t)| t.trim().to_string()))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("|")
    };
    assert_eq!(text(&written), text(&rebuilt));
    // Not an output directory: exit 2 naming it.
    let empty = f.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = Command::cargo_bin("zcpark")
        .unwrap()
        .arg("report")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a zcpark output directory"));
    // A directory that does not exist is said to be missing, not to hold no output.
    let output = Command::cargo_bin("zcpark")
        .unwrap()
        .arg("report")
        .arg(f.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere: no such directory"));
}

/// `zcpark allocate` writes `report.html` (the parks' table, the merit-order chart and the
/// parks' costs; the province's cost against the total where the quota binds), and `zcpark report DIR --lang zh` rebuilds it in Chinese: both render with every
/// chart sized. Two 24-hour PV parks share 150 MW of new PV.
#[test]
fn the_allocation_report_renders_in_a_browser() {
    let park = head(24, 0.5, 200.0, 10.0)
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 300 }
catalogue:
  finance: { discount_rate: 0.0 }
  pv: { capex_rmb_per_kw: 3750, lifetime_yr: 25, fixed_om_frac: 0.0 }
";
    let pv: Vec<f64> = (0..24)
        .map(|h| ((std::f64::consts::PI * (h as f64 - 6.0) / 12.0).sin()).max(0.0))
        .collect();
    let f = fixture(&park, &[("load", flat(100.0, 24)), ("pv", pv)]);
    let province = f.path().join("province.yaml");
    std::fs::write(
        &province,
        "name: two
parks:
  - { name: a, scenario: scenario.yaml }
  - { name: b, scenario: scenario.yaml, set: { loads.electricity_mw.scale: 0.5 } }
quotas:
  - { name: pv, kind: new_pv_mw, total: 150, resolution: 5 }
",
    )
    .unwrap();
    let out = f.path().join("allocation");
    Command::cargo_bin("zcpark")
        .unwrap()
        .arg("allocate")
        .arg(&province)
        .args([
            // The value curves: they give the parks' marginal values the merit order draws
            // (the joint model alone gives none).
            "--method",
            "curves",
            "--jobs",
            "1",
            "--threads",
            "1",
            "--quiet",
            "--no-park-plans",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let report = out.join("report.html");
    let en = std::fs::read_to_string(&report).unwrap();
    assert!(en.contains("Province quota allocation"));
    // The key figures head the page: the province's total cost as allocation.json gives it,
    // and the quota's use.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("allocation.json")).unwrap())
            .unwrap();
    let total = json["total_cost_rmb_per_yr"].as_f64().unwrap();
    let shown = zcpark::report::units::money_per_year(total, zcpark::report::lang::Lang::En);
    assert!(
        en.contains(&format!("<td>{shown}</td>")),
        "{shown} not in the summary"
    );
    assert!(en.contains("quota pv (MW, ≤ 150)"));
    // The table's header in words, each with its CSV column under it.
    assert!(en.contains(
        "<th title=\"mv_more:pv\">value of one more unit (RMB/yr per unit): pv<br>\
         <code>mv_more:pv</code></th>"
    ));
    assert!(en.contains("<th>park</th>"));
    // The merit order and the parks' annual costs at least (the province's cost against
    // the total only where the quota binds); every chart of the page is measured.
    assert!(en.contains("Merit order: pv"));
    assert!(en.contains("allocation: annual cost"));
    let (charts, zero, text) = measure(&report);
    assert_eq!(
        charts,
        en.matches("<svg").count(),
        "{charts} charts measured"
    );
    assert!(charts >= 2, "{charts} charts");
    assert_eq!(zero, 0, "{zero} of {charts} charts have no size");
    assert!(text > 200, "{text} characters of text");
    Command::cargo_bin("zcpark")
        .unwrap()
        .args(["report", "--lang", "zh"])
        .arg(&out)
        .assert()
        .success();
    let zh = std::fs::read_to_string(&report).unwrap();
    assert!(zh.contains("省级指标分配"));
    // The summary and the table's header in Chinese.
    let shown_zh = zcpark::report::units::money_per_year(total, zcpark::report::lang::Lang::Zh);
    assert!(zh.contains(&format!("<th>全省年化总成本</th><td>{shown_zh}</td>")));
    assert!(zh.contains("<th title=\"share:pv\">分配指标：pv<br><code>share:pv</code></th>"));
    assert!(!zh.contains("<th>share:pv</th>"));
    let (charts_zh, zero_zh, _) = measure(&report);
    assert_eq!((charts_zh, zero_zh), (charts, 0));
}
