import type { Generated } from 'kysely';
import type { Json, Localized, Stamp, Timestamp } from '../../platform/db/schema.ts';

// The cooperation module's tables (migration 0090), added to the platform's `DB` (why: platform/db/schema.ts).
export type CoopStatus = 'draft' | 'published' | 'closed';
export type CooperationStatus = 'proposed' | 'agreed' | 'in_progress' | 'completed' | 'dropped';

export interface CoopRequestTable {
  id: Generated<string>;
  country_code: string;
  title: Json<Localized>;
  description: Json<Localized>;
  objectives: number[];
  target_groups: string[];
  kinds: string[];
  timeframe: string | null;
  contact: string | null;
  visibility: 'members' | 'public';
  status: Generated<CoopStatus>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
  published_at: Timestamp | null;
}
export interface CoopOfferTable {
  id: Generated<string>;
  country_code: string | null;
  organisation_id: string | null;
  title: Json<Localized>;
  description: Json<Localized>;
  conditions: Json<Localized>;
  objectives: number[];
  target_groups: string[];
  kinds: string[];
  contact: string | null;
  visibility: 'members' | 'public';
  status: Generated<CoopStatus>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
  published_at: Timestamp | null;
}
export interface CooperationTable {
  id: Generated<string>;
  request_id: string;
  offer_id: string | null;
  partner_country: string | null;
  partner_organisation: string | null;
  status: Generated<CooperationStatus>;
  requester_interest_at: Timestamp | null;
  partner_interest_at: Timestamp | null;
  roadmap_action_id: string | null;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface CoopHistoryTable {
  id: Generated<string>;
  entity_type: 'request' | 'offer' | 'cooperation';
  entity_id: string;
  status: string;
  note: string | null;
  actor_user_id: string | null;
  actor_label: string;
  at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    coop_request: CoopRequestTable;
    coop_offer: CoopOfferTable;
    cooperation: CooperationTable;
    coop_history: CoopHistoryTable;
  }
}
