import { describeTarget } from '@/lib/content/engine/selector';
import { CLICKABLE } from '@/lib/content/engine/dom';
import { escapePattern, type TaughtRule } from '@/lib/domain/rules';
import { t } from '../i18n';
import css from './picker.css?inline';

export interface PickResult {
  name: string;
  event: TaughtRule['event'];
  selector: string;
  text?: string;
  successText?: string;
}

const EVENTS: Array<TaughtRule['event']> = [
  'dmp_upload',
  'dmp_consult',
  'eprescription',
  'sick_leave',
  'encounter',
  'costly_act',
];

/**
 * "Apprendre un bouton": a layer in a closed shadow root (the page's CSS cannot hide or break
 * it), created only now and removed after. Hover highlights, a click picks, Escape cancels;
 * then the user says what the button does and, optionally, which text confirms success.
 */
export function startPicker(doc: Document): Promise<PickResult | null> {
  return new Promise((resolve) => {
    const host = doc.createElement('suivi-dmp-picker');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = css;
    const box = doc.createElement('div');
    box.className = 'box';
    const hint = doc.createElement('div');
    hint.className = 'hint';
    hint.setAttribute('role', 'status');
    hint.textContent = t('pickerHint');
    shadow.append(style, box, hint);
    doc.documentElement.append(host);

    const inLayer = (e: Event) => e.composedPath().includes(host);
    const targetOf = (e: Event) => {
      const el = e.target as Element | null;
      return el?.closest?.(CLICKABLE) ?? el;
    };
    const onMove = (e: MouseEvent) => {
      if (inLayer(e)) return;
      const el = targetOf(e);
      if (!el) return;
      const r = el.getBoundingClientRect();
      Object.assign(box.style, {
        display: 'block',
        left: `${r.left - 3}px`,
        top: `${r.top - 3}px`,
        width: `${r.width + 6}px`,
        height: `${r.height + 6}px`,
      });
    };
    // Capture at the window: the page never sees the picking click.
    const onClick = (e: MouseEvent) => {
      if (!e.isTrusted || inLayer(e)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const el = targetOf(e);
      if (!el) return;
      detach();
      ask(el);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      finish(null);
    };
    const win = doc.defaultView!;
    const block = (e: Event) => {
      if (!inLayer(e)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    win.addEventListener('mousemove', onMove, true);
    win.addEventListener('click', onClick, true);
    win.addEventListener('mousedown', block, true);
    win.addEventListener('mouseup', block, true);
    win.addEventListener('keydown', onKey, true);
    const detach = () => {
      win.removeEventListener('mousemove', onMove, true);
      win.removeEventListener('click', onClick, true);
      win.removeEventListener('mousedown', block, true);
      win.removeEventListener('mouseup', block, true);
    };
    const finish = (result: PickResult | null) => {
      detach();
      win.removeEventListener('keydown', onKey, true);
      host.remove();
      resolve(result);
    };

    const ask = (el: Element) => {
      const target = describeTarget(el);
      hint.textContent = '';
      const form = doc.createElement('form');
      form.className = 'ask';
      form.setAttribute('aria-label', t('pickerFormTitle'));
      const title = doc.createElement('h2');
      title.textContent = t('pickerFormTitle');
      const what = doc.createElement('select');
      what.name = 'event';
      for (const kind of EVENTS) {
        const option = doc.createElement('option');
        option.value = kind;
        option.textContent = t(`kind_${kind}`);
        what.append(option);
      }
      const whatLabel = label(doc, t('pickerWhat'), what);
      const success = doc.createElement('input');
      success.name = 'success';
      success.maxLength = 60;
      const successLabel = label(doc, t('pickerSuccessText'), success);
      const save = doc.createElement('button');
      save.type = 'submit';
      save.textContent = t('pickerSave');
      const cancel = doc.createElement('button');
      cancel.type = 'button';
      cancel.textContent = t('pickerCancel');
      cancel.addEventListener('click', () => finish(null));
      const actions = doc.createElement('p');
      actions.className = 'actions';
      actions.append(save, cancel);
      form.append(title, whatLabel, successLabel, actions);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const event = what.value as TaughtRule['event'];
        const typed = success.value.trim().slice(0, 60);
        finish({
          name: t(`kind_${event}`),
          event,
          ...target,
          ...(typed ? { successText: escapePattern(typed) } : {}),
        });
      });
      shadow.append(form);
      what.focus();
    };
  });
}

function label(doc: Document, text: string, control: HTMLElement): HTMLLabelElement {
  const l = doc.createElement('label');
  const span = doc.createElement('span');
  span.textContent = text;
  l.append(span, control);
  return l;
}
