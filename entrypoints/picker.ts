import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPicker } from '@/components/picker/picker';
import { flashMatches } from '@/components/picker/test-rule';
import { provideTeachingTools } from '@/lib/content/picker-slot';

/**
 * "Apprendre un bouton" and "Tester sur la page", injected by the background into a
 * practice-program page's top frame only when the doctor asks (lib/content/picker-slot.ts says why).
 */
export default defineUnlistedScript(() => provideTeachingTools({ pick: startPicker, flash: flashMatches }));
