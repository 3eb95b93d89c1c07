// stratkit: what a notebook shows for an exercise when no kernel is behind it (reopened on a new
// kernel, before Run All). The exercise's front end saves this small module and a summary of the
// saved answer in the notebook's widget state, so JupyterLab draws this instead of
// "Error displaying widget: model not found". Nothing here can be clicked: there is no kernel.
function h(tag, className, text) {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text) node.textContent = text;
	return node;
}

function localTime(stamp) {
	const when = new Date(stamp);
	return Number.isNaN(when.getTime())
		? ""
		: when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

function render({ model, el }) {
	const data = model.get("placeholder") || {};
	const box = h("section", "sk-placeholder");
	box.setAttribute("aria-label", `${data.title || "Exercise"} (not running)`);
	box.style.cssText =
		"border:1px solid var(--jp-border-color1,#bbb);border-left:4px solid var(--jp-brand-color1,#1976d2);" +
		"padding:0.75em 1em;max-width:900px;color:var(--jp-ui-font-color1,#222);background:var(--jp-layout-color1,#fff);" +
		"font-family:var(--jp-content-font-family,sans-serif);font-size:var(--jp-content-font-size1,14px);line-height:1.4";
	const title = h("h3", "", data.title || "Exercise");
	title.style.cssText = "margin:0 0 0.4em;font-size:1.15em";
	box.append(title);
	const how = h(
		"p",
		"sk-placeholder-how",
		"This exercise is not running yet: run this cell (Shift+Enter), or Run All, to change your answer. Your saved answers are safe.",
	);
	how.style.margin = "0 0 0.5em";
	box.append(how);
	if (data.lines && data.lines.length) {
		const when = localTime(data.saved_at);
		const saved = h("p", "sk-placeholder-saved", `Your saved answer${when ? ` (${when})` : ""}:`);
		saved.style.cssText = "margin:0 0 0.25em;font-weight:600";
		const list = h("ul", "");
		list.style.cssText = "margin:0;padding-left:1.2em";
		for (const line of data.lines) list.append(h("li", "", line));
		box.append(saved, list);
	} else {
		box.append(h("p", "sk-placeholder-saved", "Nothing saved yet for this exercise."));
	}
	el.replaceChildren(box);
}

export default { render };
