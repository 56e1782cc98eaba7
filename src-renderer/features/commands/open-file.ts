import type { FileRef } from '@shared/channels';
import type { OpenedKind } from '@shared/commands';
import { call } from '../../lib/api';
import { fileToRef } from '../../lib/upload';
import { useAppStore } from '../app/store';
import { usePredictStore } from '../predict/store';
import { startFromFile } from '../project/actions';
import { useProjectStore } from '../project/store';
import { useCommandsStore } from './store';

/**
 * A file the person opened outside a drop zone (menu, file manager, second launch, dropped on the window):
 * a bundle goes to Predict; data goes into the open project when it is waiting for data, else into a new one.
 */
export async function openFileRef(file: FileRef, kind: OpenedKind): Promise<void> {
  if (kind === 'bundle') {
    usePredictStore.getState().useBundle(file);
    useAppStore.getState().go('predict');
    return;
  }
  const { project } = useProjectStore.getState();
  const status = project?.stages.DATA_SOURCE.status;
  if (project && useAppStore.getState().screen === 'project' && (status === 'pending' || status === 'failed')) {
    await useProjectStore.getState().attach({ kind: 'file', handle: file.handle });
  } else {
    await startFromFile(file);
  }
}

/** A File from the page (a window drop, a picker): handed to the app (uploaded in a browser tab), then opened. */
export async function openDroppedFile(file: File, kind?: OpenedKind): Promise<void> {
  const sending = (fraction: number) => useCommandsStore.setState({ sending: { name: file.name, fraction } });
  const ref = await fileToRef(file, sending);
  useCommandsStore.setState({ sending: null });
  if (!ref.ok) {
    useProjectStore.setState({ error: ref.error });
    return;
  }
  const inspected = kind ? null : await call('file:inspect', { handle: ref.value.handle });
  await openFileRef(ref.value, kind ?? (inspected?.ok ? inspected.value.kind : 'data'));
}
