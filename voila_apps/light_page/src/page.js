// What the light page does around the app: the visitor's language, short messages while the
// app loads or when something goes wrong (the texts come from assessment/data, in the six
// languages, through the template), and keeping the visitor's place when the app changes page.

/** The messages the template put into the page: {lang: {key: text}}. */
function readMessages(doc) {
  const element = doc.getElementById('kit-messages');
  try {
    return JSON.parse(element.textContent) || {};
  } catch (error) {
    return {};
  }
}

/** The visitor's language: ?lang= in the address, else the browser's, else English. */
export function chooseLanguage(available, search, browserLanguages) {
  const asked = new URLSearchParams(search).get('lang');
  const candidates = [asked, ...(browserLanguages || [])]
    .filter(Boolean)
    .map((code) => code.toLowerCase().split('-')[0]);
  return candidates.find((code) => available.includes(code)) || 'en';
}

export class Page {
  constructor(doc, win) {
    this.doc = doc;
    this.win = win;
    this.messages = readMessages(doc);
    this.lang = chooseLanguage(
      Object.keys(this.messages),
      win.location.search,
      win.navigator.languages
    );
    this.status = doc.getElementById('kit-status');
    this.app = doc.getElementById('kit-app');
    this.final = false;
    this.setLanguage(this.lang);
  }

  text(key) {
    const texts = this.messages[this.lang] || this.messages.en || {};
    return texts[key] || (this.messages.en || {})[key] || '';
  }

  setLanguage(lang) {
    this.lang = lang;
    this.doc.documentElement.lang = lang;
  }

  /** A short, polite message in the status line ("loading ..."). */
  say(key) {
    if (this.final) {
      return;
    }
    this.status.className = 'kit-status';
    this.status.setAttribute('role', 'status');
    this.status.textContent = this.text(key);
    this.status.hidden = false;
    this.app.setAttribute('aria-busy', key === 'page_loading' ? 'true' : 'false');
  }

  /**
   * A problem the visitor must act on, read out at once by a screen reader and kept in
   * view. `final`: nothing will mend it on this page (only reloading does).
   */
  alert(key, final = false) {
    if (this.final) {
      return;
    }
    this.final = final;
    this.status.className = 'kit-status kit-status-problem';
    this.status.setAttribute('role', 'alert');
    this.status.textContent = this.text(key);
    this.status.hidden = false;
    this.app.setAttribute('aria-busy', 'false');
  }

  /** The app could not be shown: only the message stays on the page. */
  fail(reason) {
    if (reason) {
      console.error('The self-assessment could not start:', reason);
    }
    this.alert('page_failed', true);
    this.app.hidden = true;
  }

  clear() {
    if (!this.final) {
      this.status.hidden = true;
      this.status.textContent = '';
      this.app.setAttribute('aria-busy', 'false');
    }
  }

  /**
   * Follow the app: its root carries `kit-lang-XX` (the language chosen in it) and its body
   * `kit-page-NAME` (the page shown). A new language becomes the page's language (a screen
   * reader then reads with the right voice); a new page starts at its top, with the keyboard
   * focus on its heading, as when a new web page opens.
   */
  follow(root) {
    let shownPage = null;
    let shownLang = null;
    const update = () => {
      const lang = classValue(root.querySelector('.kit-app') || root, 'kit-lang-');
      if (lang && lang !== shownLang) {
        const switched = shownLang !== null;
        shownLang = lang;
        this.setLanguage(lang);
        if (switched) {
          focusWhenShown(this.win, root, '.kit-language input:checked');
        }
      }
      const page = pageOf(root);
      if (page && page !== shownPage) {
        const turned = shownPage !== null;
        shownPage = page;
        if (turned) {
          this.win.scrollTo(0, 0);
          focusWhenShown(this.win, root, '.kit-page h1, .kit-page h2');
        }
      }
      const heading = root.querySelector('h1');
      if (heading && heading.textContent.trim()) {
        this.doc.title = heading.textContent.trim();
      }
    };
    new MutationObserver(update).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class'],
    });
    update();
  }
}

function classValue(element, prefix) {
  if (!element) {
    return null;
  }
  const found = [...element.classList].find((name) => name.startsWith(prefix));
  return found ? found.slice(prefix.length) : null;
}

function pageOf(root) {
  return classValue(root.querySelector('.kit-page'), 'kit-page-');
}

/** Focus the element `selector` finds once the app has drawn it (widgets arrive in parts). */
function focusWhenShown(win, root, selector, framesLeft = 120) {
  const element = root.querySelector(selector);
  if (element) {
    if (!element.matches('input, button, a, select, textarea')) {
      element.setAttribute('tabindex', '-1');
    }
    element.focus({ preventScroll: true });
  } else if (framesLeft > 0) {
    win.requestAnimationFrame(() => focusWhenShown(win, root, selector, framesLeft - 1));
  }
}
