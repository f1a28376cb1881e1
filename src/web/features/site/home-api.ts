import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/** `GET /api/v1/home` (src/server/modules/home): one answer for the whole page. */
export interface HomeYear {
  year: string;
  value: number;
  countries: number;
}
export interface HomeFigure extends HomeYear {
  flow: string;
  name: string;
  reporting: number;
  years: HomeYear[];
}
export interface HomeAnswer {
  members: number;
  figures: HomeFigure[];
  releases: { id: string; country: string; releasedAt: string }[];
  practices: { slug: string; title: string; countries: string[]; publishedAt: string | null }[];
  roadmaps: { id: string; title: string; countries: string[]; updatedAt: string }[];
  pledges: { id: string; title: string; countries: string[]; status: string }[];
  objectives: { number: number; title: string }[];
  countryNames: Record<string, string>;
}

export function useHome() {
  const lang = useLang();
  return useQuery({ queryKey: ['home', lang], queryFn: () => get<HomeAnswer>('/api/v1/home'), staleTime: 60_000 });
}
