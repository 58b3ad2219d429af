import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPicker } from '@/components/picker/picker';
import { providePicker } from '@/lib/content/picker-slot';

/**
 * "Apprendre un bouton", injected by the background into a practice-program page's top frame
 * only when the doctor asks for it (lib/content/picker-slot.ts says why).
 */
export default defineUnlistedScript(() => providePicker(startPicker));
