"""The "Download for submission" button: an anywidget whose front end saves and downloads the notebook.

A kernel cannot start a browser download, so the work happens in the front end: it first asks the
kernel for a reply (the kernel answers messages in order) and waits until no exercise on the page
says "Saving…" (so the last click is in the notebook's copy), saves the notebook through
JupyterLab's document context (the one ``@jupyter-widgets/jupyterlab-manager`` gives each
notebook's widgets, in JupyterLab, Notebook 7 and JupyterLite alike), and downloads exactly what was
saved, under the assignment's name and with the released kernel (JupyterLite saves its own, which
nbgrader's autograde could not start).
"""

from __future__ import annotations

import anywidget
import traitlets

from stratkit.answers.notebook_copy import KERNELSPEC

ESM = r"""
const WAIT_MS = 20000;

function kernelCaughtUp(model) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message && message.ready) {
        clearTimeout(timer);
        model.off("msg:custom", onMessage);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      model.off("msg:custom", onMessage);
      reject(new Error("the notebook's kernel did not answer"));
    }, WAIT_MS);
    model.on("msg:custom", onMessage);
    model.send({ request: "prepare" });
  });
}

// An exercise says "Saving…" from a click until its answer is in the answer file and the notebook;
// ipywidgets may still hold that click's update back, so the kernel's reply alone does not prove it.
function exercisesSettled() {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (!document.querySelector('.sk-root .sk-status[data-state="saving"]')) return resolve();
      if (Date.now() - started > WAIT_MS) return reject(new Error("an exercise is still saving"));
      setTimeout(poll, 100);
    };
    poll();
  });
}

async function saveAndDownload(model) {
  const context = model.widget_manager && model.widget_manager.context;
  if (!context || !context.model || typeof context.save !== "function") {
    throw new Error("this page gives no access to the notebook");
  }
  await kernelCaughtUp(model);
  await exercisesSettled();
  await context.save();
  const notebook = context.model.toJSON();
  notebook.metadata = Object.assign({}, notebook.metadata, { kernelspec: model.get("kernelspec") });
  const text = JSON.stringify(notebook, null, 1) + "\n";
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-ipynb+json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = model.get("filename");
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export default {
  render({ model, el }) {
    const filename = model.get("filename");
    const box = document.createElement("div");
    box.className = "stratkit-download";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "stratkit-download-button";
    button.textContent = "Download for submission";
    const about = document.createElement("p");
    about.className = "stratkit-download-about";
    about.textContent = model.get("in_browser")
      ? "Your answers are kept in this browser only (they survive a reload), until you download this " +
        `notebook and hand it in. The button saves the notebook and downloads it as ${filename}.`
      : `The button saves the notebook and downloads it as ${filename}, ready to hand in ` +
        "(for example as an upload to your course page).";
    const status = document.createElement("p");
    status.className = "stratkit-download-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = "Saving the notebook…";
      try {
        await saveAndDownload(model);
        const when = new Date().toLocaleTimeString();
        status.textContent = `✔ Saved and downloaded ${filename} at ${when}. ` +
          "Hand in this file (it is in your Downloads folder).";
      } catch (error) {
        const why = error && error.message ? error.message : error;
        status.textContent = `⚠ Could not download (${why}): run this cell again and retry; or save (Ctrl+S), ` +
          `use File > Download and rename the file to ${filename} before you hand it in.`;
      } finally {
        button.disabled = false;
      }
    });
    box.append(button, about, status);
    el.appendChild(box);
  },
};
"""

CSS = """
.stratkit-download { display: flex; flex-direction: column; gap: 0.4em; max-width: 900px; padding: 0.3em 0; }
.stratkit-download-button {
  align-self: flex-start; min-height: 44px; padding: 0.5em 1.2em; border: none; border-radius: 4px;
  background: var(--jp-brand-color1, #1976d2); color: #fff; font-size: var(--jp-ui-font-size2, 15px);
  font-weight: 600; cursor: pointer;
}
.stratkit-download-button:hover { background: var(--jp-brand-color0, #0d47a1); }
.stratkit-download-button:focus-visible { outline: 3px solid var(--jp-ui-font-color0, #000); outline-offset: 2px; }
.stratkit-download-button:disabled { opacity: 0.7; cursor: progress; }
.stratkit-download p { margin: 0; white-space: normal; line-height: 1.4; color: var(--jp-ui-font-color1, inherit); }
"""


class DownloadButton(anywidget.AnyWidget):
    """Saves the notebook and downloads it as ``filename`` (see the module docstring)."""

    _esm = ESM
    _css = CSS
    filename = traitlets.Unicode().tag(sync=True)
    in_browser = traitlets.Bool(False).tag(sync=True)
    kernelspec = traitlets.Dict(dict(KERNELSPEC)).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.add_class("stratkit-download-widget")
        self.on_msg(self._answer)

    def _answer(self, _widget: object, content: object, _buffers: object) -> None:
        """Reply to the front end: every message sent before this reply has reached the page."""
        if isinstance(content, dict) and content.get("request") == "prepare":
            self.send({"ready": True})
