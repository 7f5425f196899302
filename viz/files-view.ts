import { $ } from './dom.ts';
import { formatSize, type PageFiles } from './files.ts';

/**
 * The list of files the page holds (`#held-files`): name, size, where it came from, and a
 * button that removes it. `onRemove` is called after a file is removed.
 */
export function renderHeldFiles(files: PageFiles, onRemove: (name: string) => void): void {
  const box = $('held-files');
  const list = files.list();
  box.hidden = list.length === 0;
  const ul = box.querySelector('ul')!;
  ul.replaceChildren(...list.map((f) => {
    const li = document.createElement('li');
    li.dataset.name = f.name;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = f.name;
    const size = document.createElement('span');
    size.className = 'size';
    size.textContent = `${formatSize(f.size)}${f.origin === 'imported' ? ', imported here' : ''}`;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = '×';
    remove.title = `Remove ${f.name} from the page`;
    remove.setAttribute('aria-label', `Remove ${f.name}`);
    remove.addEventListener('click', () => {
      files.remove(f.name);
      onRemove(f.name);
    });
    li.append(name, size, remove);
    return li;
  }));
}
