// The widget manager of the light page: ipywidgets' own base manager, connected to the
// visitor's kernel through JupyterLab's kernel client, knowing only the standard widgets
// (@jupyter-widgets/base and /controls, ipywidgets 8). That is all the self-assessment uses;
// a widget from another library is reported, not guessed at.

import * as base from '@jupyter-widgets/base';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import * as controls from '@jupyter-widgets/controls';
import { KIT_VIEWS } from './views';

const MODULES = {
  '@jupyter-widgets/base': base,
  '@jupyter-widgets/controls': controls,
};

// ipywidgets 8 in the kernel names its models' module version 2.x.
const MODULE_MAJOR = '2';

export class KitWidgetManager extends ManagerBase {
  /** @param kernel a KernelConnection (@jupyterlab/services) to the visitor's kernel */
  constructor(kernel) {
    super();
    this.kernel = kernel;
    // Widgets the kernel creates while the visitor works (a new page of questions).
    kernel.registerCommTarget(this.comm_target_name, async (comm, message) => {
      await this.handle_comm_open(new base.shims.services.Comm(comm), message);
    });
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    const major = String(moduleVersion || '').replace(/^[~^]/, '').split('.')[0];
    if (module && major === MODULE_MAJOR && module[className]) {
      // The kit's accessible views of radio buttons, text and progress (views.js).
      if (moduleName === '@jupyter-widgets/controls' && KIT_VIEWS[className]) {
        return KIT_VIEWS[className];
      }
      return module[className];
    }
    throw new Error(
      `The light page cannot show ${className} from ${moduleName} ${moduleVersion}: ` +
        'it knows the standard widgets of ipywidgets 8 only (see voila_apps/light_page).'
    );
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === 'ok' ? reply.content.comms : {};
  }

  /** Every widget the kernel has (asked once, when the page has arrived). */
  async loadWidgets() {
    await this._loadFromKernel();
  }
}
