// Officials' work: the review queue (approve or reject, signed as EIP-712 ReviewDecision) and, on a contribution's
// page, the acts the signed-in user may perform there: endorse (anyone), bless (elder), feature (curator), assess (reviewer).

const QUALITIES = ["standard", "good", "high", "exceptional"];

/** Signs a reasoned act (Assessment or ReviewDecision) and sends it with its reason and salt. */
async function sendReasoned(kit, path, primaryType, recordId, reason, quality, decision) {
  const { api, session, signAct, commitReason, now } = kit;
  const { reasonSalt, reasonCommitment } = await commitReason(reason);
  const issuedAt = now();
  const message = primaryType === "ReviewDecision"
    ? { recordId, reviewer: session().address, decision, quality: quality ?? "", reasonCommitment, issuedAt }
    : { recordId, reviewer: session().address, quality, reasonCommitment, issuedAt };
  const signature = await signAct(primaryType, message);
  return api(path, { method: "POST", body: { signature, issuedAt, reason, reasonSalt, ...(quality ? { quality } : {}) } });
}

export async function initReview(kit) {
  const { $, el, api, fmt, when, name, toast, subscribe } = kit;
  const queue = $("#queue");

  async function render() {
    const { total, items } = await api("/api/v1/review/queue?limit=100");
    if (items.length === 0) {
      queue.replaceChildren(el("p", { class: "empty", text: "The queue is empty." }));
      return;
    }
    queue.replaceChildren(el("p", { text: `${total} claim(s) waiting.` }), ...items.map(({ contribution: c, queueReason }) => {
      const reasonId = `reason-${c.recordId}`;
      const qualityId = `quality-${c.recordId}`;
      const form = el("form", { "data-record": c.recordId },
        el("label", { for: reasonId, text: "Reason" }),
        el("input", { id: reasonId, name: "reason", required: true, maxlength: "1000", autocomplete: "off" }),
        el("label", { for: qualityId, text: "Quality" }),
        el("select", { id: qualityId, name: "quality" }, el("option", { value: "", text: "unchanged" }), ...QUALITIES.map((q) => el("option", { value: q, text: q }))),
        el("button", { type: "submit", name: "decision", value: "approve", class: "primary", text: "Approve" }),
        el("button", { type: "submit", name: "decision", value: "reject", class: "danger", text: "Reject" }));
      form.onsubmit = async (event) => {
        event.preventDefault();
        const decision = event.submitter?.value ?? "approve";
        const reason = form.reason.value.trim();
        if (!reason) { toast("Say why: a reason is required.", true); form.reason.focus(); return; }
        for (const b of form.querySelectorAll("button")) b.disabled = true;
        try {
          const quality = decision === "approve" && form.quality.value ? form.quality.value : undefined;
          const done = await sendReasoned(kit, `/api/v1/review/${c.recordId}/${decision}`, "ReviewDecision", c.recordId, reason, quality, decision);
          toast(`${decision === "approve" ? "Approved" : "Rejected"}: impact ${fmt(done.impactScore)}, ${name(done.status)}.`);
          await render();
        } catch (error) {
          toast(error.message, true);
          for (const b of form.querySelectorAll("button")) b.disabled = false;
        }
      };
      return el("article", { class: "queue-item" },
        el("h2", {}, el("a", { href: `/contributions/${c.recordId}`, text: `${name(c.type)} · ${name(c.subtype)}` })),
        el("p", { class: "muted", text: `By ${c.displayName}, recorded ${when(c.recordedAt)}. Waiting because: ${queueReason.replaceAll("_", " ")}. Impact if approved: ${fmt(c.impactScore)}.` }),
        c.details ? el("pre", { text: JSON.stringify(c.details, null, 2) }) : null,
        form);
    }));
  }

  await render();
  // Live: a claim arriving, or decided by another reviewer, changes the queue; refresh it unless one is being written.
  let pending = false;
  subscribe(["contribution.recorded", "contribution.verified", "contribution.rejected"], (event) => {
    if (event.type === "contribution.recorded" && event.data.status !== "under_review") return;
    if (pending || queue.contains(document.activeElement)) return;
    pending = true;
    setTimeout(() => { pending = false; render().catch((error) => toast(error.message, true)); }, 250);
  });
}

export async function initContributionActs(kit) {
  const { $, el, api, session, signAct, now, toast } = kit;
  const acts = $("#acts");
  const recordId = acts.dataset.record;
  const roles = session().roles;
  const reload = () => location.reload();
  const buttons = [];
  const act = (label, run) => {
    const button = el("button", { type: "button", text: label });
    button.onclick = async () => {
      button.disabled = true;
      try { await run(); toast(`${label}: done.`); reload(); } catch (error) { toast(error.message, true); button.disabled = false; }
    };
    buttons.push(button);
  };
  if (acts.dataset.own !== "true") {
    act("Endorse", async () => {
      const issuedAt = now();
      const signature = await signAct("Endorsement", { recordId, endorser: session().address, issuedAt });
      await api(`/api/v1/service-tracking/contributions/${recordId}/endorsements`, { method: "POST", body: { signature, issuedAt } });
    });
    if (roles.includes("elder")) {
      act("Bless", async () => {
        const issuedAt = now();
        const signature = await signAct("Blessing", { recordId, elder: session().address, issuedAt });
        await api(`/api/v1/service-tracking/contributions/${recordId}/blessing`, { method: "POST", body: { signature, issuedAt } });
      });
    }
    if (roles.includes("curator")) {
      act("Feature", async () => {
        const issuedAt = now();
        const signature = await signAct("Feature", { recordId, curator: session().address, issuedAt });
        await api(`/api/v1/service-tracking/contributions/${recordId}/feature`, { method: "POST", body: { signature, issuedAt } });
      });
    }
  }
  const assess = roles.includes("verifier") || roles.includes("elder");
  const form = assess && acts.dataset.own !== "true"
    ? el("form", { class: "inline" },
      el("label", { for: "assess-quality", text: "Quality" }),
      el("select", { id: "assess-quality", name: "quality" }, ...QUALITIES.map((q) => el("option", { value: q, text: q }))),
      el("label", { for: "assess-reason", text: "Reason" }),
      el("input", { id: "assess-reason", name: "reason", required: true, maxlength: "1000", autocomplete: "off" }),
      el("button", { type: "submit", text: "Assess" }))
    : null;
  if (form) {
    form.onsubmit = async (event) => {
      event.preventDefault();
      try {
        await sendReasoned(kit, `/api/v1/service-tracking/contributions/${recordId}/assessment`, "Assessment", recordId, form.reason.value.trim(), form.quality.value);
        reload();
      } catch (error) {
        toast(error.message, true);
      }
    };
  }
  acts.replaceChildren(el("div", { class: "inline" }, ...buttons), form);
  acts.hidden = buttons.length === 0 && !form;
}
