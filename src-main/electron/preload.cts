// The preload bridge, run sandboxed before the UI: it exposes exactly four functions on
// `window.photoSearch` and nothing of Node or Electron. It must be CommonJS and self-contained
// (a sandboxed preload can require only `electron`), so the channel names are repeated here.
import { contextBridge, ipcRenderer, webUtils } from 'electron';

type Listener = (event: unknown) => void;

contextBridge.exposeInMainWorld('photoSearch', {
  call: (method: string, params: unknown) => ipcRenderer.invoke('api:call', method, params),
  onEvent: (listener: Listener) => {
    const wrapped = (_e: unknown, event: unknown) => listener(event);
    ipcRenderer.on('api:event', wrapped);
    return () => ipcRenderer.removeListener('api:event', wrapped);
  },
  // Drag-and-drop of folders: the renderer gets the path of the dropped item from the File object.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  startDrag: (photoId: number) => ipcRenderer.send('photo:drag', photoId),
});
