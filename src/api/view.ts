export { startViewer, type Viewer, type ViewerOptions } from '../view/viewer.js';
