import { useEffect } from 'react';
import { openDroppedFile } from './open-file';
import { useCommandsStore } from './store';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Files dropped anywhere on the window open like File → Open (a drop zone handles its own drops first). Without
 * this a dropped file would make the page navigate to it.
 */
export function useWindowDrop(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      const onZone = (e.target as Element | null)?.closest?.('.dropzone') != null;
      useCommandsStore.setState({ dragging: !onZone });
      // dragover repeats while the pointer stays; when it stops, the drag has left or ended.
      clearTimeout(timer);
      timer = setTimeout(() => useCommandsStore.setState({ dragging: false }), 200);
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      // A drop zone took it already (it prevents the default first).
      const taken = e.defaultPrevented;
      e.preventDefault();
      useCommandsStore.setState({ dragging: false });
      const file = e.dataTransfer?.files[0];
      if (file && !taken) void openDroppedFile(file);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
