// Answers never lost: the visitor's browser keeps the key of their draft, which the app (in
// the kernel) writes their answers under as they go (assessment/drafts.py). The key is a
// random token made here and kept in this browser's localStorage, the same in every tab; it
// is given to the app through a hidden text widget (class `kit-draft`), and the app may give
// back a new one (after finishing). Nothing else about the visitor is kept here.

const STORAGE_KEY = 'boostdigiculture-self-assessment-draft';

function storage(win) {
  try {
    const store = win.localStorage;
    store.getItem(STORAGE_KEY);
    return store;
  } catch (error) {
    return null; // storage turned off: the draft lasts as long as the page
  }
}

/**
 * The key this browser keeps, made here on the first visit: kept at once, so that a second
 * tab opened right after finds the same key (one draft, one attempt). 'new' without storage.
 */
function keyOf(store, win) {
  if (!store) {
    return 'new';
  }
  let key = store.getItem(STORAGE_KEY);
  if (!key) {
    const bytes = win.crypto.getRandomValues(new Uint8Array(24));
    key = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    store.setItem(STORAGE_KEY, key);
  }
  return key;
}

/** Connect the app's draft widget (if it has one) to the key this browser keeps. */
export async function connectDraft(manager, win) {
  const store = storage(win);
  for (const promise of Object.values(manager._models || {})) {
    const model = await promise;
    if (!(model.get('_dom_classes') || []).includes('kit-draft')) {
      continue;
    }
    model.on('change:value', () => {
      const key = model.get('value');
      if (store && key && key !== 'new') {
        store.setItem(STORAGE_KEY, key);
      }
    });
    model.set('value', keyOf(store, win));
    model.save_changes();
    return;
  }
}

/**
 * Ask before the visitor leaves while the app says some answers are not kept yet
 * (class `kit-saved-no` on the app: its store could not be written).
 */
export function warnBeforeLeavingUnsaved(win, container) {
  win.addEventListener('beforeunload', (event) => {
    if (container.querySelector('.kit-app.kit-saved-no')) {
      event.preventDefault();
      event.returnValue = ''; // older browsers need a value to ask
    }
  });
}

/**
 * A link to a question (the list of unanswered ones: `#kit-q-...`) brings the keyboard to
 * that question's radio group, not only the view.
 */
export function linksToQuestions(container) {
  container.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#kit-q-"]');
    if (!link) {
      return;
    }
    const id = link.getAttribute('href').slice(1);
    const group = container.querySelector(`[aria-labelledby="${CSS.escape(id)}"]`);
    const radio =
      group && (group.querySelector('input:checked') || group.querySelector('input'));
    if (radio) {
      event.preventDefault();
      radio.focus();
      radio.scrollIntoView({ block: 'center' });
    }
  });
}
