export { cancelScheduled, checkLevel, listCalendar, listPolicies, publishNow, publishRelease, runDueReleases, scheduleRelease, setPolicy } from './calendar.ts';
export { compliance } from './compliance.ts';
export { mailNotifier, type WorkflowNotifier } from './notify.ts';
export { approveSubmission, confirmSubmission, listSubmissions, returnSubmission, type SubmissionFilter } from './workflow.ts';
