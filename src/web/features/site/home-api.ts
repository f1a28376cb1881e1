import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { HomeAnswer } from '../../../shared/contracts/home.ts';

/** `GET /api/v1/home` (src/server/modules/home): one answer for the whole page; its types are the shared contract. */
export type { HomeAnswer, HomeFigure, HomeYear } from '../../../shared/contracts/home.ts';

export function useHome() {
  const lang = useLang();
  return useQuery({ queryKey: ['home', lang], queryFn: () => get<HomeAnswer>('/api/v1/home'), staleTime: 60_000 });
}
