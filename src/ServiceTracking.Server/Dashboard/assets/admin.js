// Administration: suspicious activity (live, with evidence), roles and auto-verification, webhooks with their
// delivery logs, and reward runs (live, each with its grants as CSV). Every call is the admin API, under the signed-in
// admin's token.

export async function initAdmin(kit) {
  const { $, el, api, when, toast, follow, downloadCsv } = kit;

  async function showSuspicious() {
    const { threshold, windowHours, items } = await api("/api/v1/admin/suspicious?limit=50");
    $("#suspicious").replaceChildren(
      el("p", { class: "muted", text: `Scores within the last ${windowHours} h; alert at ${threshold}.` }),
      items.length === 0 ? el("p", { class: "empty", text: "Nothing suspicious." }) :
        el("table", {}, el("thead", {}, el("tr", {}, ...["Contributor", "Score", "Signals"].map((h) => el("th", { scope: "col", text: h })))),
          el("tbody", {}, ...items.map((s) => el("tr", {},
            el("td", { text: s.subject ?? s.displayName }),
            el("td", { class: "num", text: `${s.score}${s.suspicious ? " ⚠" : ""}` }),
            el("td", {}, el("ul", {}, ...s.signals.map((g) => el("li", {}, `${g.kind} (${g.weight}) `, el("code", { text: JSON.stringify(g.evidence) }))))))))));
  }

  $("#role-form").onsubmit = async (event) => {
    event.preventDefault();
    const address = $("#role-address").value.trim();
    const role = $("#role-name").value;
    const action = event.submitter?.value ?? "grant";
    try {
      if (action === "grant" || action === "revoke") {
        await api(`/api/v1/admin/roles/${address}/${role}`, { method: action === "grant" ? "PUT" : "DELETE" });
      } else {
        await api(`/api/v1/admin/contributors/${address}/auto-verification`, { method: "PUT", body: { suspended: action === "suspend" } });
      }
      const roles = await api(`/api/v1/admin/roles/${address}`);
      $("#role-result").textContent = `${address}: ${JSON.stringify(roles.roles ?? roles)}`;
      toast("Done.");
    } catch (error) {
      toast(error.message, true);
    }
  };

  async function showWebhooks() {
    const { webhooks } = await api("/api/v1/admin/webhooks");
    $("#webhooks").replaceChildren(webhooks.length === 0 ? el("p", { class: "empty", text: "No webhooks." }) :
      el("table", {}, el("thead", {}, el("tr", {}, ...["URL", "Types", "State", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...webhooks.map((w) => {
          const log = el("button", { type: "button", text: "Deliveries" });
          log.onclick = async () => {
            const { deliveries } = await api(`/api/v1/admin/webhooks/${w.id}/deliveries?limit=100`);
            downloadCsv(`deliveries-${w.id}.csv`, ["id", "eventId", "type", "state", "attempts", "lastStatus", "nextAttemptAt"],
              deliveries.map((d) => [d.id, d.eventId, d.type, d.state, d.attempts, d.lastStatus, d.nextAttemptAt]));
          };
          const remove = el("button", { type: "button", class: "danger", text: "Delete" });
          remove.onclick = async () => { await api(`/api/v1/admin/webhooks/${w.id}`, { method: "DELETE" }); await showWebhooks(); };
          return el("tr", {}, el("td", {}, el("code", { text: w.url })), el("td", { text: (w.types ?? ["all"]).join(", ") }),
            el("td", { text: w.enabled ? "enabled" : `disabled: ${w.disabledReason ?? ""}` }), el("td", {}, log, " ", remove));
        }))));
  }

  $("#webhook-form").onsubmit = async (event) => {
    event.preventDefault();
    const types = $("#webhook-types").value.split(",").map((t) => t.trim()).filter(Boolean);
    try {
      const created = await api("/api/v1/admin/webhooks", { method: "POST", body: { url: $("#webhook-url").value.trim(), types: types.length ? types : undefined } });
      $("#webhook-secret").replaceChildren(el("p", {}, "Signing secret (shown once; keep it in your receiver): ", el("code", { text: created.secret })));
      event.target.reset();
      await showWebhooks();
    } catch (error) {
      toast(error.message, true);
    }
  };

  async function showRuns() {
    const runs = await api("/api/v1/admin/rewards/runs?limit=20");
    const list = runs.runs ?? runs;
    $("#runs").replaceChildren(list.length === 0 ? el("p", { class: "empty", text: "No runs yet." }) :
      el("table", {}, el("thead", {}, el("tr", {}, ...["Schedule", "Period", "Started", "Completed", "Grants", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...list.map((r) => {
          const csv = el("button", { type: "button", text: "Grants CSV", "aria-label": `Grants of the ${r.schedule} run ${r.period} as CSV` });
          csv.onclick = () => downloadRunGrants(r.schedule, r.period).catch((error) => toast(error.message, true));
          return el("tr", {}, el("td", { text: r.schedule }), el("td", { text: r.period }),
            el("td", { text: when(r.startedAt) }), el("td", { text: r.completedAt ? when(r.completedAt) : "running" }), el("td", { class: "num", text: r.grants }),
            el("td", {}, csv));
        }))));
  }

  /** Every grant of a run, a page of 1,000 at a time, as one CSV: what an operator pays out or checks elsewhere. */
  async function downloadRunGrants(schedule, period) {
    const rows = [];
    let after = null;
    do {
      const page = await api(`/api/v1/admin/rewards/runs/${schedule}/${period}/grants?limit=1000` + (after ? `&after=${encodeURIComponent(after)}` : ""));
      for (const { recipient, grant: g } of page.grants) {
        rows.push([recipient, g.key, g.schedule, g.period, g.scrollCoin, g.blessingCoin, g.badge, g.badgeRank, g.grantedAt, g.effectiveAt, g.ledgerIndex, JSON.stringify(g.inputs)]);
      }
      after = page.next;
    } while (after);
    downloadCsv(`grants-${schedule}-${period}.csv`,
      ["recipient", "key", "schedule", "period", "scrollCoin", "blessingCoin", "badge", "badgeRank", "grantedAt", "effectiveAt", "ledgerIndex", "inputs"], rows);
  }

  // A run pays thousands of grants in a few seconds: the list is read again once they stop arriving.
  let runsChanged;
  function runsMoved() {
    clearTimeout(runsChanged);
    runsChanged = setTimeout(() => showRuns().catch((error) => toast(error.message, true)), 500);
  }

  $("#run-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      const run = await api("/api/v1/admin/rewards/run", { method: "POST", body: { schedule: $("#run-schedule").value, period: $("#run-period").value.trim() } });
      toast(`Run ${run.schedule} ${run.period}: ${run.grants} grant(s).`);
      await showRuns();
    } catch (error) {
      toast(error.message, true);
    }
  };

  await Promise.all([showSuspicious(), showWebhooks(), showRuns()]);
  follow("activity.suspicious,reward.distributed", (event) => event.type === "reward.distributed" ? runsMoved()
    : showSuspicious().catch((error) => toast(error.message, true)));
}
