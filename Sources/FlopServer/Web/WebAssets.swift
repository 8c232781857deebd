/// The pages' one stylesheet, served from the server itself (the Content-Security-Policy allows
/// no inline style and no other origin).
enum WebAssets {
  static let stylesheet = """
    :root { --ink: #1d2330; --muted: #5a6272; --line: #d5d9e0; --head: #f1f3f6; --accent: #1d4f9c; }
    * { box-sizing: border-box; }
    body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.4; font-size: 15px; }
    nav { display: flex; align-items: center; gap: 1.2rem; padding: 0.6rem 1.5rem; background: #1d2330; color: #fff; }
    nav a { color: #cfd8ea; text-decoration: none; } nav a.active, nav a:hover { color: #fff; text-decoration: underline; }
    nav .brand { font-weight: 700; letter-spacing: 0.02em; } nav .who { margin-left: auto; color: #cfd8ea; font-size: 0.85rem; }
    main { max-width: 78rem; margin: 1.2rem auto; padding: 0 1.5rem; }
    h1 { font-size: 1.5rem; margin: 0.4rem 0; } h2 { font-size: 1.15rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; margin-top: 1.8rem; }
    .muted, small { color: var(--muted); }
    table { border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 0.6rem 0; }
    th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
    th { background: var(--head); font-weight: 600; white-space: nowrap; } th a { color: inherit; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.date { white-space: nowrap; }
    a { color: var(--accent); }
    .badge { display: inline-block; padding: 0 0.4rem; border-radius: 0.6rem; font-size: 0.78rem; white-space: nowrap; border: 1px solid transparent; margin: 0 0.15rem 0.15rem 0; }
    .s-met, .s-overdue { background: #fde2df; color: #8e1b10; border-color: #f0b3ab; }
    .s-may-be-met, .s-open { background: #fff1d6; color: #7a4a00; border-color: #f1cf8c; }
    .s-not-met, .s-done, .s-completed { background: #e3f4e8; color: #19592d; border-color: #b3dcbf; }
    .s-not-in-force, .s-withdrawn, .s-cancelled, .s-insufficient-data, .s-planned { background: #eef0f3; color: #434a57; border-color: #d5d9e0; }
    .s-running { background: #e1ecfb; color: #1d4f9c; border-color: #b5cdf2; }
    form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 0.8rem; align-items: end; background: var(--head); padding: 0.6rem 0.8rem; border-radius: 6px; }
    form.filters label { display: flex; flex-direction: column; font-size: 0.78rem; color: var(--muted); }
    input, select, button, textarea { font: inherit; font-size: 0.88rem; padding: 0.2rem 0.35rem; }
    button { cursor: pointer; } form.inline { display: inline; }
    .pager { display: flex; gap: 1rem; align-items: center; margin: 0.6rem 0; }
    dl.facts { display: grid; grid-template-columns: minmax(10rem, 15rem) 1fr; gap: 0.25rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
    figure { margin: 0.8rem 0; } svg { max-width: 100%; height: auto; font-size: 11px; }
    ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; } ul.tree li::before { content: "└ "; color: var(--muted); }
    .notice { padding: 0.5rem 0.8rem; border-radius: 6px; background: #e1ecfb; } .error { background: #fde2df; color: #8e1b10; padding: 0.6rem 0.9rem; border-radius: 6px; }
    .signin { max-width: 30rem; margin: 3rem auto; } .signin input { width: 100%; margin: 0.4rem 0 0.8rem; }
    pre { background: var(--head); padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; white-space: pre-wrap; word-break: break-all; }
    @media print { nav, form, .pager { display: none; } main { max-width: none; margin: 0; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } }

    """
}
