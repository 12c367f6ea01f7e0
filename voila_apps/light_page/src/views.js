// The kit's own views of three standard widgets, for people who use a keyboard or a screen
// reader (WAI-ARIA Authoring Practices: the radio group pattern, the meter/progress bar).
//
// ipywidgets draws radio buttons without a shared `name` and without a group: every option is
// a Tab stop of its own, and a screen reader announces "Never done this" five times without
// the question. Here each RadioButtons widget is a radio group (role=radiogroup) named by its
// question, and its options are native radios sharing one name: one Tab stop per question,
// the arrow keys move within it (the browser's own behaviour).
//
// The app names the element that labels a widget with a class on the widget:
// `kit-labelledby-ID` (assessment/app.py), and the view points aria-labelledby at it.

import * as controls from '@jupyter-widgets/controls';

const LABELLED_BY = 'kit-labelledby-';

/** The id named by the widget's `kit-labelledby-ID` class, or null. */
function labelledBy(model) {
  const found = (model.get('_dom_classes') || []).find((name) => name.startsWith(LABELLED_BY));
  return found ? found.slice(LABELLED_BY.length) : null;
}

function label(view, element) {
  const id = labelledBy(view.model);
  if (id) {
    element.setAttribute('aria-labelledby', id);
  } else {
    element.removeAttribute('aria-labelledby');
  }
}

export class KitRadioButtonsView extends controls.RadioButtonsView {
  render() {
    super.render();
    this.container.setAttribute('role', 'radiogroup');
    label(this, this.container);
    this.listenTo(this.model, 'change:_dom_classes', () => label(this, this.container));
  }

  update(options) {
    const result = super.update(options);
    // One name per group: the browser makes it one Tab stop with arrow keys inside it.
    const name = `kit-radio-${this.model.model_id}`;
    for (const radio of this.container.querySelectorAll('input[type="radio"]')) {
      radio.name = name;
    }
    return result;
  }

  events() {
    // The arrow keys check an option without a click event in some browsers: `change` too.
    return { ...super.events(), 'change input[type="radio"]': '_handle_click' };
  }

  /** Nothing to line up with here: the app's options flow as text does. */
  adjustPadding() {}
}

export class KitTextView extends controls.TextView {
  render() {
    super.render();
    label(this, this.textbox);
  }
}

export class KitProgressView extends controls.ProgressView {
  render() {
    super.render();
    this.progress.setAttribute('role', 'progressbar');
    label(this, this.progress);
  }

  update() {
    const result = super.update();
    if (this.progress) {
      this.progress.setAttribute('aria-valuemin', String(this.model.get('min')));
      this.progress.setAttribute('aria-valuemax', String(this.model.get('max')));
      this.progress.setAttribute('aria-valuenow', String(this.model.get('value')));
      const text = this.model.get('tooltip');
      if (text) {
        this.progress.setAttribute('aria-valuetext', text);
      }
    }
    return result;
  }
}

/** The kit's views in place of ipywidgets' own (by the view's class name). */
export const KIT_VIEWS = {
  RadioButtonsView: KitRadioButtonsView,
  TextView: KitTextView,
  ProgressView: KitProgressView,
};
