/** What differs between hosts: native dialogs and the file manager. The Node host has neither. */
export interface HostDialogs {
  saveFile(defaultName: string): Promise<string | null>;
  openFile(directory: boolean): Promise<string | null>;
  openFolder(path: string): Promise<boolean>;
}
