// The self-assessment's page in the browser (Voilà template `kit-light`).
//
// Voilà's own page loads a JupyterLab front end (about 90 files, 5 MB of script) before it
// draws the first widget: on a slow laptop, or with a workshop of 60 arriving together, that
// is most of the wait. The self-assessment needs only the standard widgets, so this page
// carries only them (one script of about 1 MB): it reads the outputs Voilà wrote into the
// page, asks the visitor's kernel for its widgets and draws them. Everything else (the kernel,
// the notebook, the page itself) is Voilà's as usual.
//
// Built by `make` (esbuild) into voila_apps/jupyter/voila/templates/kit-light/static/.

import '@jupyter-widgets/controls/css/widgets.css';
import { KernelConnection } from '@jupyterlab/services/lib/kernel/default';
import { ServerConnection } from '@jupyterlab/services/lib/serverconnection';
import { Widget } from '@lumino/widgets';
import { connectDraft, linksToQuestions, warnBeforeLeavingUnsaved } from './draft';
import { KitWidgetManager } from './manager';
import { Page } from './page';
import './style.css';

const OUTPUT = 'script[type="application/vnd.voila.cell-output+json"]';
const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';
// A kernel that has not sent its widgets by then will not: say so instead of waiting.
const READY_WITHIN_MS = 90000;
const KERNEL_LOST = ['autorestarting', 'restarting', 'terminating', 'dead'];

const page = new Page(document, window);
page.say('page_loading');

function documentParsed() {
  return new Promise((resolve) => {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', resolve, { once: true });
    } else {
      resolve();
    }
  });
}

function joined(value) {
  return Array.isArray(value) ? value.join('') : String(value);
}

/**
 * Ask Voilà to stop the visitor's kernel when the visitor leaves, as Voilà's own page means
 * to. Voilà checks the request against cross-site forgery by comparing a token in a cookie
 * with the same token in the form, but its page handler never sets that cookie (Voilà issue
 * 1458: every such request was refused with 403), so the page sets a token of its own.
 * Kernels whose visitor left without a word are stopped by the server's idle culling.
 */
function stopKernelOnLeave(baseUrl, kernel) {
  const token = [...crypto.getRandomValues(new Uint8Array(16))]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
  window.addEventListener('pagehide', () => {
    document.cookie = `_xsrf=${token}; path=${baseUrl}; SameSite=Strict`;
    const form = new FormData();
    form.append('_xsrf', token);
    navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernel.id}`, form);
    kernel.dispose();
  });
  // Back to this page with the browser's Back button: its kernel is gone, so start afresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      window.location.reload();
    }
  });
}

/** The message for a lost connection: the answers so far kept (the app's drafts) or not. */
function lostMessage() {
  return document.querySelector('#kit-app .kit-app.kit-saved-yes')
    ? 'page_disconnected_kept'
    : 'page_disconnected';
}

/** Tell the visitor when the connection to their kernel is lost, and when it is back. */
function watchConnection(kernel) {
  let dropped = false;
  kernel.connectionStatusChanged.connect((_, status) => {
    if (status === 'disconnected') {
      dropped = true;
      page.alert(lostMessage());
    } else if (status === 'connected' && dropped) {
      dropped = false;
      page.clear();
    }
  });
  // A kernel that crashed is restarted by the server, but without the visitor's app in it.
  kernel.statusChanged.connect((_, status) => {
    if (KERNEL_LOST.includes(status)) {
      page.alert(lostMessage(), true);
    }
  });
}

async function drawOutputs(manager, outputs, container) {
  for (const output of outputs) {
    const data = output.data || {};
    const element = document.createElement('div');
    if (data[WIDGET_VIEW]) {
      const model = await manager.get_model(data[WIDGET_VIEW].model_id);
      if (!model) {
        throw new Error(`the kernel has no widget ${data[WIDGET_VIEW].model_id}`);
      }
      const view = await manager.create_view(model);
      container.appendChild(element);
      Widget.attach(view.luminoWidget, element);
      continue;
    }
    if (data['text/html'] !== undefined) {
      element.innerHTML = joined(data['text/html']); // the kit's own notebook's output
    } else if (data['text/plain'] !== undefined) {
      const pre = document.createElement('pre');
      pre.textContent = joined(data['text/plain']);
      element.appendChild(pre);
    } else {
      // Printed warnings of libraries (stream outputs) are not for the visitor.
      if (output.output_type === 'stream') {
        console.warn(joined(output.text));
      }
      continue;
    }
    container.appendChild(element);
  }
}

async function start() {
  await documentParsed();
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  const outputs = [...document.querySelectorAll(OUTPUT)].map((s) => JSON.parse(s.textContent));
  const error = outputs.find((output) => output.output_type === 'error');
  if (error) {
    // Voilà keeps the details in its log (the learner sees no traceback).
    throw new Error(`the notebook stopped with ${error.ename || 'an error'}`);
  }
  const kernel = new KernelConnection({
    model: { id: config.kernelId, name: 'python3' },
    serverSettings: ServerConnection.makeSettings({ baseUrl: config.baseUrl }),
    handleComms: true,
  });
  stopKernelOnLeave(config.baseUrl, kernel);
  watchConnection(kernel);
  const manager = new KitWidgetManager(kernel);
  await manager.loadWidgets();
  const container = document.getElementById('kit-app');
  await drawOutputs(manager, outputs, container);
  page.follow(container);
  warnBeforeLeavingUnsaved(window, container);
  linksToQuestions(container);
  await connectDraft(manager, window);
  page.clear();
}

let ready = false;
start()
  .then(() => {
    ready = true;
  })
  .catch((reason) => page.fail(reason));
setTimeout(() => {
  if (!ready) {
    page.fail(new Error('no widgets from the kernel in time'));
  }
}, READY_WITHIN_MS);
