// stratkit: the front end of one exercise (an anywidget ES module; plain JavaScript, no build step).
//
// It draws the exercise with native controls (radio groups, checkboxes, buttons), sends each change
// to the kernel (`answer`), and for every record the kernel confirms it saved in the answer file it
// writes the same record into the notebook's metadata (`metadata.stratkit.answers[<exercise id>]`)
// through the notebook's DocumentContext and saves the notebook. "Saved" shows only once the answer
// file and the saved notebook both hold the answer; otherwise the status says which copy holds it.
// On every notebook save it also writes a small widget state for each exercise into
// `metadata.widgets`, so a notebook reopened on a new kernel shows a readable placeholder
// (placeholder.js) instead of "model not found". A view whose kernel restarted disables itself.

const SAVE_DELAY_MS = 250; // coalesce quick clicks into one notebook save
const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const VIEW_MIME = "application/vnd.jupyter.widget-view+json";
const PLACEHOLDER_ID = "stratkit.placeholder";
const RESTARTED =
	"The notebook restarted: run this cell, or Run All, to continue. Your saved answers are safe.";

let counter = 0;
const uid = (prefix) => `stratkit-${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** JSON with sorted keys, so two equal answers compare equal whatever their key order. */
function canonical(value) {
	const sort = (v) =>
		Array.isArray(v)
			? v.map(sort)
			: v && typeof v === "object"
				? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]))
				: v;
	return JSON.stringify(sort(value ?? null));
}

function h(tag, attrs = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(attrs)) {
		if (value === undefined || value === null || value === false) continue;
		if (key === "class") node.className = value;
		else if (key === "text") node.textContent = value;
		else if (key === "html") node.innerHTML = value; // only for HTML made safe in Python (the prompt)
		else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
		else node.setAttribute(key, value === true ? "" : String(value));
	}
	for (const child of children.flat()) {
		if (child !== null && child !== undefined && child !== false) node.append(child);
	}
	return node;
}

const noPeriod = (text) => text.replace(/[.\s]+$/, "");

function localTime(stamp) {
	const when = new Date(stamp);
	if (Number.isNaN(when.getTime())) return "";
	return when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** The saved answer in words, one line per entry: what a placeholder shows. */
export function describe(spec, value) {
	const text = Object.fromEntries((spec.entries || []).map((e) => [e.id, e.text]));
	if (spec.kind === "sort") {
		const label = Object.fromEntries((spec.categories || []).map((c) => [c.id, c.label]));
		const chosen = value && typeof value === "object" ? value : {};
		return spec.entries.map((e) => `${e.text} → ${label[chosen[e.id]] ?? "(not sorted yet)"}`);
	}
	if (spec.kind === "order") {
		return (Array.isArray(value) ? value : []).filter((id) => id in text).map((id, i) => `${i + 1}. ${text[id]}`);
	}
	const ticked = new Set(Array.isArray(value) ? value : []);
	return spec.entries.map((e) => `${ticked.has(e.id) ? "☑ Ticked" : "☐ Not ticked"}: ${e.text}`);
}

// --------------------------------------------------------------------------------------------
// Keys typed in an exercise are the exercise's. JupyterLab's and Notebook 7's command-mode
// shortcuts (arrows moving to other cells, A/B/D inserting or deleting cells, Enter editing) listen
// on the document, Notebook 7's in the capture phase, before any listener of ours could stop them;
// Lumino skips every shortcut whose target is inside an element marked data-lm-suppress-shortcuts.
// So, for the length of one plain key press (no Ctrl, Cmd or Alt: Ctrl+S still saves), the
// focused control in the exercise wears that mark. One listener for the page, on window in the capture phase: first of all.

if (!globalThis.__stratkitKeyGuard) {
	globalThis.__stratkitKeyGuard = true;
	window.addEventListener(
		"keydown",
		(event) => {
			if (event.ctrlKey || event.metaKey || event.altKey) return;
			const target = event.target;
			if (!target?.closest?.(".sk-root") || target.hasAttribute("data-lm-suppress-shortcuts")) return;
			// on the focused control itself: Lumino tests it against each shortcut's selector first
			target.setAttribute("data-lm-suppress-shortcuts", "true");
			setTimeout(() => target.removeAttribute("data-lm-suppress-shortcuts"), 0);
		},
		true,
	);
}

// --------------------------------------------------------------------------------------------
// The notebook: one saver per document, shared by every exercise in it.

const SAVERS = (globalThis.__stratkitSavers ??= new WeakMap());

function saverFor(context) {
	let saver = SAVERS.get(context);
	if (saver) return saver;
	let timer = null;
	let waiting = [];
	let running = Promise.resolve();
	const flush = () => {
		timer = null;
		const batch = waiting;
		waiting = [];
		running = running
			.catch(() => {})
			.then(() => context.save())
			.then(
				() => batch.forEach((w) => w.resolve()),
				(error) => batch.forEach((w) => w.reject(error)),
			);
	};
	saver = {
		/** Resolves once a save that began after this call has finished. */
		request() {
			return new Promise((resolve, reject) => {
				waiting.push({ resolve, reject });
				clearTimeout(timer);
				timer = setTimeout(flush, SAVE_DELAY_MS);
			});
		},
	};
	SAVERS.set(context, saver);
	return saver;
}

function notebookContext(model) {
	try {
		const context = model.widget_manager?.context;
		if (context?.model && typeof context.save === "function" && typeof context.model.setMetadata === "function") {
			return context;
		}
	} catch {
		// a widget manager without a document (a console, another app)
	}
	return null;
}

function modelIdsInOutputs(notebookModel) {
	const ids = new Set();
	const cells = notebookModel.toJSON().cells || [];
	for (const cell of cells) {
		for (const output of cell.outputs || []) {
			const id = output?.data?.[VIEW_MIME]?.model_id;
			if (id) ids.add(id);
		}
	}
	return ids;
}

// --------------------------------------------------------------------------------------------

export default () => {
	// One module instance per widget model (anywidget loads the module for each model), so this
	// closure is the state that the model's views share.
	const shared = {
		model: null, // the real Backbone model (for comm_live and model_id)
		context: null,
		dead: false,
		restored: false, // restored from the notebook's saved state, no kernel behind it
		notebook: { want: null, saved: null, error: null },
		views: new Set(),
		announce: "",
	};
	const refresh = () => shared.views.forEach((view) => view.update());

	function placeholderState(model) {
		const spec = model.get("spec") || {};
		const record = model.get("record");
		return {
			_model_module: model.get("_model_module"),
			_model_module_version: model.get("_model_module_version"),
			_model_name: model.get("_model_name"),
			_view_module: model.get("_view_module"),
			_view_module_version: model.get("_view_module_version"),
			_view_name: model.get("_view_name"),
			_anywidget_id: PLACEHOLDER_ID,
			_esm: model.get("placeholder_esm"),
			_css: "",
			placeholder: {
				title: spec.title || "",
				kind: spec.kind || "",
				saved_at: record?.saved_at ?? null,
				lines: record ? describe(spec, record.value) : [],
			},
		};
	}

	function writeWidgetState(model) {
		const context = shared.context;
		const real = shared.model;
		if (!context || !real?.model_id || shared.dead) return;
		const metadata = context.model.getMetadata("widgets") || {};
		const saved = metadata[STATE_MIME] || { version_major: 2, version_minor: 0, state: {} };
		const state = { ...(saved.state || {}) };
		const shownIds = modelIdsInOutputs(context.model);
		for (const [id, entry] of Object.entries(state)) {
			// drop placeholders of outputs that are gone (a cell run again makes a new model)
			if (entry?.state?._anywidget_id === PLACEHOLDER_ID && !shownIds.has(id)) delete state[id];
		}
		if (!shownIds.has(real.model_id)) return;
		state[real.model_id] = {
			model_name: model.get("_model_name"),
			model_module: model.get("_model_module"),
			model_module_version: model.get("_model_module_version"),
			state: placeholderState(model),
		};
		context.model.setMetadata("widgets", { ...metadata, [STATE_MIME]: { ...saved, state } });
	}

	function writeRecord(model) {
		const context = shared.context;
		const record = model.get("record");
		const spec = model.get("spec") || {};
		if (!context || !record || !spec.id) return;
		const ours = context.model.getMetadata("stratkit") || {};
		const answers = { ...(ours.answers && typeof ours.answers === "object" ? ours.answers : {}) };
		const want = canonical(record);
		shared.notebook.want = want;
		shared.notebook.error = null;
		if (canonical(answers[spec.id]) !== want) {
			answers[spec.id] = record;
			context.model.setMetadata("stratkit", { ...ours, answers });
		} else if (!context.model.dirty) {
			shared.notebook.saved = want; // the file on disk already holds it
			refresh();
			return;
		}
		refresh();
		saverFor(context)
			.request()
			.then(
				() => {
					shared.notebook.saved = want;
					if (shared.notebook.want === want) shared.announce = "Saved";
					refresh();
				},
				(error) => {
					shared.notebook.error = String(error?.message || error || "unknown error").slice(0, 160);
					refresh();
				},
			);
	}

	function die() {
		if (shared.dead) return;
		shared.dead = true;
		shared.announce = RESTARTED;
		refresh();
	}

	function initialize({ model }) {
		shared.context = notebookContext(model);
		// The anywidget proxy hides the real model; a change event hands it over (first argument).
		const grab = (real) => {
			shared.model = real;
		};
		model.on("change:front", grab);
		// (a new value each time: an equal one would fire no change event)
		model.set("front", { notebook_copy: Boolean(shared.context), page: uid("page") });
		model.off("change:front", grab);
		const live = Boolean(shared.model?.comm_live);
		if (!live) {
			shared.restored = true; // state from the notebook file: nothing to talk to
			return;
		}
		try {
			model.save_changes();
		} catch {
			// no comm after all
		}
		model.on("comm_live_update", () => {
			if (!shared.model?.comm_live) die();
		});
		const cleanups = [];
		const session = shared.context?.sessionContext;
		if (session?.statusChanged) {
			const onStatus = (_, status) => {
				if (status === "restarting" || status === "autorestarting" || status === "dead") die();
			};
			const onKernel = () => die();
			session.statusChanged.connect(onStatus);
			session.kernelChanged.connect(onKernel);
			cleanups.push(() => {
				session.statusChanged.disconnect(onStatus);
				session.kernelChanged.disconnect(onKernel);
			});
		}
		if (shared.context) {
			const onSave = (_, state) => {
				if (state === "started") writeWidgetState(model);
			};
			shared.context.saveState.connect(onSave);
			cleanups.push(() => shared.context?.saveState.disconnect(onSave));
			model.on("change:record", () => writeRecord(model));
			if (model.get("record")) writeRecord(model); // restored from the answer file: bring the notebook level
		}
		model.on("change:record", refresh);
		model.on("change:status", refresh);
		model.on("change:answer", refresh);
		model.on("change:feedback", refresh);
		return () => cleanups.forEach((c) => c());
	}

	function render({ model, el }) {
		if (shared.restored) return renderRestored(model, el);
		const view = createView(model, el, shared);
		shared.views.add(view);
		view.update();
		return () => shared.views.delete(view);
	}

	async function renderRestored(model, el) {
		// Widget state saved by JupyterLab itself (its saveState setting): draw the placeholder.
		const url = URL.createObjectURL(new Blob([model.get("placeholder_esm")], { type: "text/javascript" }));
		try {
			const mod = await import(/* webpackIgnore: true */ url);
			const fake = { get: (key) => (key === "placeholder" ? placeholderState(model).placeholder : model.get(key)) };
			return mod.default.render({ model: fake, el });
		} finally {
			URL.revokeObjectURL(url);
		}
	}

	return { initialize, render };
};

// --------------------------------------------------------------------------------------------
// One view: the exercise on screen.

function createView(model, el, shared) {
	const spec = model.get("spec") || {};
	const kind = spec.kind;
	const headingId = uid("title");
	el.classList.add("stratkit-exercise", `stratkit-${kind}`);
	const live = h("div", { class: "sk-visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
	const statusLine = h("div", { class: "sk-status" });
	const notes = h("div", { class: "sk-notes" });
	const feedback = h("section", { class: "sk-feedback", hidden: true, "aria-label": "Feedback" });
	const body = h("fieldset", { class: "sk-body" });
	const root = h(
		"section",
		{ class: "sk-root", "aria-labelledby": headingId, "data-exercise": spec.id },
		h(
			"h3",
			{ class: "sk-title", id: headingId },
			spec.title,
			spec.practice ? null : h("span", { class: "sk-points", text: ` (${spec.points} points)` }),
		),
		h("div", { class: "sk-prompt", html: spec.prompt_html || "" }),
		body,
		statusLine,
		notes,
		feedback,
		live,
	);
	el.replaceChildren(root);

	// Keys typed in the exercise are the exercise's: JupyterLab's command-mode shortcuts (arrows
	// moving between cells, A/B/D inserting or deleting cells, Enter editing) must not fire. Shortcuts
	// with Ctrl, Cmd or Alt (Ctrl+S) still reach JupyterLab.
	root.addEventListener("keydown", (event) => {
		if (!(event.ctrlKey || event.metaKey || event.altKey)) event.stopPropagation();
	});
	// A click on the exercise's text keeps focus in the exercise (JupyterLab would move it to the
	// notebook, and the next Tab to the cell toolbar's buttons).
	root.setAttribute("tabindex", "-1");
	root.addEventListener("mousedown", (event) => {
		if (!event.target.closest("input, button, label, [draggable='true']")) {
			event.stopPropagation();
		}
	});

	let lastAnnounced = "";
	const say = (message) => {
		// clear first, so the same words said twice are announced twice
		live.textContent = "";
		requestAnimationFrame(() => {
			live.textContent = message;
		});
	};

	const send = (answer) => {
		if (shared.dead) return;
		model.set("answer", answer);
		model.save_changes();
		view.update();
	};

	const controls = kind === "sort" ? sortControls(spec, model, send) : kind === "order" ? orderControls(spec, model, send, say) : pickControls(spec, model, send);
	body.append(h("legend", { class: "sk-visually-hidden", text: controls.legend }), controls.node);

	const actions = h("div", { class: "sk-actions" });
	if (kind === "order") {
		actions.append(
			h("button", {
				type: "button",
				class: "sk-button",
				text: "Save this order",
				// the answer on screen travels with the request: ipywidgets holds back a state update
				// while the kernel is busy, and a message sent now would overtake it
				onclick: () => model.send({ kind: "save", answer: model.get("answer") }),
			}),
		);
	}
	if (spec.practice) {
		actions.append(
			h("button", {
				type: "button",
				class: "sk-button sk-primary",
				text: "Check",
				onclick: () => model.send({ kind: "check", answer: model.get("answer") }),
			}),
		);
	}
	if (actions.childElementCount) body.append(actions);

	function statusWords() {
		if (shared.dead) return { state: "dead", text: RESTARTED };
		const record = model.get("record");
		const answer = model.get("answer");
		const status = model.get("status") || {};
		const store = status.store || "stratkit-answers.json";
		const pending = answer !== null && answer !== undefined && (!record || canonical(record.value) !== canonical(answer));
		if (!record && !pending) return { state: "empty", text: "Nothing saved yet: your answers save as you go." };
		if (pending) return { state: "saving", text: "Saving…" };
		const nb = shared.notebook;
		const inNotebook = shared.context && nb.saved === canonical(record);
		const when = localTime(record.saved_at);
		if (status.store_ok && inNotebook) return { state: "saved", text: `Saved${when ? ` at ${when}` : ""}` };
		if (!shared.context) {
			return status.store_ok
				? { state: "partial", text: `Saved in the answer file (${store}) beside this notebook, not inside the notebook: submit the whole folder.` }
				: { state: "error", text: "Not saved: see the message below." };
		}
		if (nb.error) {
			return status.store_ok
				? { state: "partial", text: `Saved in the answer file (${store}), but the notebook could not be saved (${nb.error}): save it with Ctrl+S.` }
				: { state: "error", text: `Not saved: the answer file and the notebook could not be written (${nb.error}). Save the notebook with Ctrl+S.` };
		}
		if (nb.want === canonical(record) && nb.saved !== nb.want) return { state: "saving", text: "Saving…" };
		if (!status.store_ok && inNotebook) return { state: "partial", text: "Saved in this notebook only (not in the answer file): see the message below." };
		return { state: "saving", text: "Saving…" };
	}

	const view = {
		update() {
			const words = statusWords();
			statusLine.dataset.state = words.state;
			statusLine.replaceChildren(
				h("span", { class: "sk-status-icon", "aria-hidden": "true", text: { saved: "✔", partial: "!", error: "⚠", dead: "⚠", saving: "…", empty: "○" }[words.state] }),
				h("span", { class: "sk-status-text", text: words.text }),
			);
			body.disabled = shared.dead;
			root.classList.toggle("sk-dead", shared.dead);
			const status = model.get("status") || {};
			notes.replaceChildren(
				...(status.infos || []).map((text) => h("p", { class: "sk-note sk-info", text })),
				...(status.warnings || []).map((text) => h("p", { class: "sk-note sk-warning" }, h("span", { class: "sk-note-label", text: "Warning: " }), text)),
			);
			controls.sync();
			renderFeedback();
			// the live region: "Saved" once the answer is in both copies, problems, the restart
			let message = "";
			if (words.state === "saved" && shared.announce === "Saved") message = "Saved";
			else if (words.state === "partial" || words.state === "error" || words.state === "dead") message = words.text;
			if (message && message !== lastAnnounced) say(message);
			if (words.state !== "saving") lastAnnounced = message;
			if (words.state === "saving") lastAnnounced = "";
		},
	};

	let lastFeedback = "";
	function renderFeedback() {
		const data = model.get("feedback") || {};
		const key = canonical(data);
		if (key === lastFeedback) return;
		lastFeedback = key;
		if (!data || (!data.rows && !data.message)) {
			feedback.hidden = true;
			feedback.replaceChildren();
			return;
		}
		feedback.hidden = false;
		if (data.empty) {
			feedback.replaceChildren(h("p", { class: "sk-feedback-empty", text: data.message }));
			say(data.message);
			return;
		}
		const summary = `Score: ${data.score_percent}% (${data.right} of ${data.total} right; ${data.scheme}).`;
		const noun = kind === "pick" ? "option" : kind === "order" ? "step" : "statement";
		const open = data.unanswered
			? `${data.unanswered} ${noun}${data.unanswered === 1 ? "" : "s"} not answered yet: answer ${data.unanswered === 1 ? "it" : "them"}, then Check again.`
			: null;
		feedback.replaceChildren(
			h("h4", { class: "sk-feedback-title", text: summary }),
			...(open ? [h("p", { class: "sk-feedback-open", text: open })] : []),
			h(
				"ul",
				{ class: "sk-feedback-list" },
				data.rows.map((row) =>
					h(
						"li",
						{ class: `sk-feedback-row sk-${row.mark}` },
						h("span", { class: "sk-mark", text: { right: "✔ Right", wrong: "✘ Not right", unanswered: "○ Not answered" }[row.mark] }),
						h("span", { class: "sk-feedback-text", text: row.text }),
						h("span", { class: "sk-verdict", text: `${row.verdict}${row.explanation ? ` ${row.explanation}` : ""}` }),
					),
				),
			),
		);
		say(`${summary} Feedback for each ${noun} you answered is below the exercise.`);
	}

	return view;
}

// --------------------------------------------------------------------------------------------
// The three kinds. Each returns {node, legend, sync}; sync() shows the model's answer.

function sortControls(spec, model, send) {
	const groups = [];
	const list = h("div", { class: "sk-sort-list" });
	for (const entry of spec.entries) {
		const statementId = uid("stmt");
		const name = uid("group");
		const radios = [];
		const choices = h("div", { class: "sk-choices" });
		for (const category of spec.categories) {
			const input = h("input", {
				type: "radio",
				name,
				value: category.id,
				class: "sk-radio",
				onchange: () => {
					const current = { ...(model.get("answer") || {}) };
					current[entry.id] = category.id;
					send(current);
				},
			});
			radios.push(input);
			choices.append(h("label", { class: "sk-choice" }, input, h("span", { class: "sk-choice-text", text: category.label })));
		}
		list.append(
			h(
				"div",
				{ class: `sk-row stratkit-row stratkit-item-${entry.id}`, role: "radiogroup", "aria-labelledby": statementId, "data-id": entry.id },
				h("p", { class: "sk-statement", id: statementId, text: entry.text }),
				choices,
			),
		);
		groups.push({ entry, radios });
	}
	return {
		node: list,
		legend: "Choose a category for each statement",
		sync() {
			const answer = model.get("answer") || {};
			for (const { entry, radios } of groups) {
				for (const radio of radios) {
					radio.checked = answer[entry.id] === radio.value;
					radio.closest(".sk-choice").classList.toggle("sk-checked", radio.checked);
				}
			}
		},
	};
}

function pickControls(spec, model, send) {
	const boxes = [];
	const list = h("div", { class: "sk-pick-list" });
	for (const entry of spec.entries) {
		const input = h("input", {
			type: "checkbox",
			value: entry.id,
			class: "sk-checkbox",
			onchange: () => send(boxes.filter((b) => b.checked).map((b) => b.value)),
		});
		boxes.push(input);
		list.append(
			h("label", { class: `sk-choice sk-option stratkit-row stratkit-item-${entry.id}`, "data-id": entry.id }, input, h("span", { class: "sk-choice-text", text: entry.text })),
		);
	}
	// Arrow keys move between the options (and never to other cells); Space ticks.
	list.addEventListener("keydown", (event) => {
		const at = boxes.indexOf(document.activeElement);
		if (at < 0) return;
		const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
		const jump = { Home: 0, End: boxes.length - 1 }[event.key];
		if (step === undefined && jump === undefined) return;
		event.preventDefault();
		const next = jump ?? Math.min(boxes.length - 1, Math.max(0, at + step));
		boxes[next].focus();
	});
	return {
		node: list,
		legend: "Tick every option that applies",
		sync() {
			const ticked = new Set(model.get("answer") || []);
			for (const box of boxes) {
				box.checked = ticked.has(box.value);
				box.closest(".sk-choice").classList.toggle("sk-checked", box.checked);
			}
		},
	};
}

function orderControls(spec, model, send, say) {
	const text = Object.fromEntries(spec.entries.map((e) => [e.id, e.text]));
	const list = h("ol", { class: "sk-order-list" });
	let shown = [];
	let dragged = null;
	const arrangement = () => {
		const answer = model.get("answer");
		return Array.isArray(answer) && answer.length === spec.entries.length ? [...answer] : spec.entries.map((e) => e.id);
	};
	const moveTo = (id, target, focus) => {
		const order = arrangement();
		const from = order.indexOf(id);
		if (from < 0 || target < 0 || target >= order.length || target === from) return;
		order.splice(from, 1);
		order.splice(target, 0, id);
		send(order);
		say(`"${noPeriod(text[id])}" is now step ${target + 1} of ${order.length}.`);
		if (focus) {
			const row = list.querySelector(`[data-id="${CSS.escape(id)}"]`);
			const button = row?.querySelector(focus === "up" ? ".stratkit-up" : ".stratkit-down");
			(button && !button.disabled ? button : row?.querySelector("button:not([disabled])"))?.focus();
		}
	};
	function build(order) {
		const focused = document.activeElement;
		const focusId = list.contains(focused) ? focused.closest("li")?.dataset.id : null;
		const focusUp = focused?.classList?.contains("stratkit-up");
		list.replaceChildren(
			...order.map((id, index) => {
				const name = noPeriod(text[id]);
				const row = h(
					"li",
					{ class: `sk-step stratkit-row stratkit-item-${id}`, "data-id": id, draggable: "true" },
					h("span", { class: "sk-handle", "aria-hidden": "true", title: "Drag to move", text: "⠿" }),
					h("span", { class: "sk-number", "aria-hidden": "true", text: `${index + 1}.` }),
					h("span", { class: "sk-step-text", text: text[id] }),
					h(
						"span",
						{ class: "sk-moves" },
						h("button", {
							type: "button",
							class: "sk-button sk-move stratkit-up",
							"aria-label": `Move '${name}' up`,
							title: "Move up",
							disabled: index === 0,
							onclick: () => moveTo(id, index - 1, "up"),
							text: "↑",
						}),
						h("button", {
							type: "button",
							class: "sk-button sk-move stratkit-down",
							"aria-label": `Move '${name}' down`,
							title: "Move down",
							disabled: index === order.length - 1,
							onclick: () => moveTo(id, index + 1, "down"),
							text: "↓",
						}),
					),
				);
				row.addEventListener("dragstart", (event) => {
					dragged = id;
					event.dataTransfer.effectAllowed = "move";
					event.dataTransfer.setData("text/plain", id);
					row.classList.add("sk-dragging");
				});
				row.addEventListener("dragend", () => {
					dragged = null;
					row.classList.remove("sk-dragging");
					list.querySelectorAll(".sk-drop-before, .sk-drop-after").forEach((n) => n.classList.remove("sk-drop-before", "sk-drop-after"));
				});
				row.addEventListener("dragover", (event) => {
					if (!dragged) return;
					event.preventDefault();
					event.stopPropagation();
					event.dataTransfer.dropEffect = "move";
					const box = row.getBoundingClientRect();
					const after = event.clientY > box.top + box.height / 2;
					row.classList.toggle("sk-drop-after", after);
					row.classList.toggle("sk-drop-before", !after);
				});
				row.addEventListener("dragleave", () => row.classList.remove("sk-drop-before", "sk-drop-after"));
				row.addEventListener("drop", (event) => {
					if (!dragged) return;
					event.preventDefault();
					event.stopPropagation();
					const box = row.getBoundingClientRect();
					const after = event.clientY > box.top + box.height / 2;
					const order = arrangement();
					const from = order.indexOf(dragged);
					let target = order.indexOf(id) + (after ? 1 : 0);
					if (from < target) target -= 1;
					const moving = dragged;
					dragged = null;
					moveTo(moving, target, null);
				});
				return row;
			}),
		);
		shown = order;
		if (focusId) {
			const row = list.querySelector(`[data-id="${CSS.escape(focusId)}"]`);
			const button = row?.querySelector(focusUp ? ".stratkit-up" : ".stratkit-down");
			(button && !button.disabled ? button : row?.querySelector("button:not([disabled])"))?.focus();
		}
	}
	// Up and Down arrows move between the rows' buttons (the same column), never out of the list.
	list.addEventListener("keydown", (event) => {
		const button = document.activeElement;
		if (!list.contains(button) || button.tagName !== "BUTTON") return;
		const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
		const side = { ArrowLeft: "up", ArrowRight: "down" }[event.key];
		if (step === undefined && side === undefined) return;
		event.preventDefault();
		const rows = [...list.children];
		const at = rows.indexOf(button.closest("li"));
		if (side) {
			const other = rows[at].querySelector(side === "up" ? ".stratkit-up" : ".stratkit-down");
			if (other && !other.disabled) other.focus();
			return;
		}
		const up = button.classList.contains("stratkit-up");
		for (let i = at + step; i >= 0 && i < rows.length; i += step) {
			const same = rows[i].querySelector(up ? ".stratkit-up" : ".stratkit-down");
			const target = same && !same.disabled ? same : rows[i].querySelector("button:not([disabled])");
			if (target) {
				target.focus();
				return;
			}
		}
	});
	return {
		node: list,
		legend: "Put the steps in order, first at the top",
		sync() {
			const order = arrangement();
			if (canonical(order) !== canonical(shown)) build(order);
		},
	};
}
