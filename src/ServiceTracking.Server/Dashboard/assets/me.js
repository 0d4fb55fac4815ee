// "My service": record a contribution signed by the wallet (EIP-712), one's own contributions with their details,
// rewards with the inputs of each grant, and the profile (display name, public or private, export, erasure).

export async function initMe(kit) {
  const { $, el, api, fmt, when, name, toast, session, signTypedData, downloadCsv, downloadJson } = kit;
  const me = session().address;

  const dateInput = $("#record-date");
  const toLocalInput = (date) => date.toISOString().slice(0, 16);
  dateInput.max = toLocalInput(new Date());
  dateInput.min = toLocalInput(new Date(Date.now() - Number(dateInput.dataset.maxPastDays) * 86400_000 + 3600_000));

  $("#record-form").onsubmit = async (event) => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector("button[type=submit]");
    const [type, subtype] = form.subtype.value.split("/");
    const title = form.title.value.trim();
    if (!title) { toast("Give your contribution a title.", true); form.title.focus(); return; }
    const details = { title };
    if (form.description.value.trim()) details.description = form.description.value.trim();
    const detailsText = JSON.stringify(details);
    const performedAt = form.performedAt.value ? Math.floor(Date.parse(form.performedAt.value + ":00Z") / 1000) : Math.floor(Date.now() / 1000);
    const nonce = Date.now();
    const contentCid = form.cid.value.trim() || undefined;
    button.disabled = true;
    try {
      const typedData = await api("/api/v1/service-tracking/eip712/contribution", {
        method: "POST", body: { type, subtype, detailsText, contentCid, performedAt, nonce },
      });
      const signature = await signTypedData(typedData);
      // "details" goes in as the very text that was hashed.
      const raw = `{"type":${JSON.stringify(type)},"subtype":${JSON.stringify(subtype)},"details":${detailsText},` +
        (contentCid ? `"contentCid":${JSON.stringify(contentCid)},` : "") +
        `"performedAt":${performedAt},"nonce":${nonce},"signature":"${signature}"}`;
      const record = await api("/api/v1/service-tracking/record", { method: "POST", raw });
      const b = record.scoreBreakdown;
      $("#record-result").replaceChildren(el("div", { class: "queue-item" },
        el("p", {}, el("strong", { text: record.status === "verified" ? "Recorded and verified." : "Recorded: waiting for review." }), " ",
          el("a", { href: `/contributions/${record.recordId}`, text: "See it" })),
        el("p", { text: `Impact ${fmt(record.impactScore)} = ${b.formula}` }),
        el("p", { class: "muted", text: `Base ${b.base}, quality ${b.quality} (× ${b.qualityFactor}), streak ${b.streakDays} day(s) (+${b.consistency}), community +${b.community}. Estimated reward ${record.rewardsEarned.scrollCoin} ScrollCoin.` })));
      form.reset();
      toast("Contribution recorded.");
      await showStats();
    } catch (error) {
      toast(error.message, true);
    } finally {
      button.disabled = false;
    }
  };

  let contributions = [];
  async function showStats() {
    const stats = await api(`/api/v1/service-tracking/stats/${me}`);
    contributions = stats.contributions;
    if (contributions.length === 0) {
      $("#my-stats").replaceChildren(el("p", { class: "empty", text: "Nothing recorded yet." }));
      return;
    }
    const rows = stats.contributions.map((c) => el("tr", {},
      el("td", {}, el("time", { text: when(c.performedAt) })),
      el("td", {}, el("a", { href: `/contributions/${c.recordId}`, text: `${name(c.type)} · ${name(c.subtype)}` })),
      el("td", { text: c.details?.title ?? "" }),
      el("td", {}, el("span", { class: `status ${c.status}`, text: name(c.status) })),
      el("td", { class: "num", text: fmt(c.impactScore) })));
    $("#my-stats").replaceChildren(
      el("p", { text: `Impact ${fmt(stats.totalImpactScore)}, rank ${stats.rank ? "#" + stats.rank : "—"}, streak ${stats.metrics.currentStreak} day(s), ${stats.metrics.totalContributions} verified.` }),
      el("table", {}, el("thead", {}, el("tr", {}, ...["Performed", "Type", "Title", "Status", "Impact"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...rows)));
  }

  let grants = [];
  async function showRewards() {
    const { rewards, grants: granted } = await api("/api/v1/rewards");
    grants = granted;
    const badgeList = rewards.badges.map((b) => el("li", { text: `${name(b.kind)} ${b.period}${b.rank ? " #" + b.rank : ""}` }));
    $("#my-rewards").replaceChildren(
      el("p", { text: `${rewards.scrollCoin} ScrollCoin, ${rewards.blessingCoin} BlessingCoin.` }),
      badgeList.length ? el("ul", { class: "badges" }, ...badgeList) : el("p", { class: "empty", text: "No badges yet." }),
      el("table", {}, el("thead", {}, el("tr", {}, ...["Granted", "Schedule", "Period", "ScrollCoin", "BlessingCoin", "Inputs"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...grants.slice(0, 50).map((g) => el("tr", {},
          el("td", { text: when(g.grantedAt) }), el("td", { text: g.schedule }), el("td", { text: g.period }),
          el("td", { class: "num", text: g.scrollCoin }), el("td", { class: "num", text: g.blessingCoin }),
          el("td", {}, el("code", { text: JSON.stringify(g.inputs) })))))));
  }

  $("#my-contributions-csv").onclick = () => downloadCsv("my-contributions.csv",
    ["recordId", "type", "subtype", "status", "impactScore", "performedAt", "details"],
    contributions.map((c) => [c.recordId, c.type, c.subtype, c.status, c.impactScore, c.performedAt, c.details ? JSON.stringify(c.details) : ""]));
  $("#my-grants-csv").onclick = () => downloadCsv("my-grants.csv",
    ["key", "schedule", "period", "recordId", "scrollCoin", "blessingCoin", "badge", "grantedAt", "inputs"],
    grants.map((g) => [g.key, g.schedule, g.period, g.recordId, g.scrollCoin, g.blessingCoin, g.badge, g.grantedAt, JSON.stringify(g.inputs)]));

  const profile = await api("/api/v1/profile");
  const form = $("#profile-form");
  form.displayName.value = profile.displayName ?? "";
  form.public.checked = profile.public;
  form.public.onchange = () => { $("#public-warning").hidden = !form.public.checked || profile.public; };
  form.onsubmit = async (event) => {
    event.preventDefault();
    try {
      const saved = await api("/api/v1/profile", { method: "PUT", body: { displayName: form.displayName.value.trim() || null, public: form.public.checked } });
      profile.public = saved.public;
      toast(saved.notice ?? "Profile saved.");
    } catch (error) {
      toast(error.message, true);
    }
  };
  $("#export-profile").onclick = async () => {
    try { downloadJson("my-scrollverse-data.json", await api("/api/v1/profile/export")); } catch (error) { toast(error.message, true); }
  };
  $("#erase-profile").onclick = async () => {
    if ($("#erase-confirm").value.trim() !== "erase") { toast("Type erase to confirm.", true); return; }
    try {
      await api("/api/v1/profile", { method: "DELETE" });
      sessionStorage.clear();
      location.href = "/";
    } catch (error) {
      toast(error.message + " (Erasure needs a sign-in from the last 10 minutes: sign out and in again.)", true);
    }
  };

  await Promise.all([showStats(), showRewards()]);
}
