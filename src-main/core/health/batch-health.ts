import { bool, condition, num, records, str } from '../cluster/kube-object';
import { result, type HealthResult } from './health-types';

export function jobHealth(obj: unknown): HealthResult {
  const succeeded = num(obj, 'status.succeeded') ?? 0;
  const completions = num(obj, 'spec.completions');
  const info = completions !== undefined ? `${succeeded}/${completions} completed` : `${succeeded} succeeded`;
  const failed = condition(obj, 'Failed');
  if (failed?.status === 'True')
    return result('Degraded', failed.message ?? failed.reason ?? 'Job failed', info);
  const complete = condition(obj, 'Complete');
  if (complete?.status === 'True') return result('Healthy', undefined, info);
  const suspended = condition(obj, 'Suspended');
  if (bool(obj, 'spec.suspend') || suspended?.status === 'True')
    return result('Suspended', 'Job is suspended', info);
  const active = num(obj, 'status.active') ?? 0;
  return result('Progressing', active > 0 ? `${active} pods running` : 'Waiting for the job to run', info);
}

export function cronJobHealth(obj: unknown): HealthResult {
  const active = records(obj, 'status.active').length;
  const last = str(obj, 'status.lastScheduleTime');
  const lastOk = str(obj, 'status.lastSuccessfulTime');
  const info = last ? `last scheduled ${last}${active ? `, ${active} active` : ''}` : 'never scheduled';
  if (bool(obj, 'spec.suspend')) return result('Suspended', 'CronJob is suspended', info);
  // A schedule newer than the last success that is no longer running means that run failed.
  if (last && lastOk && Date.parse(last) > Date.parse(lastOk) && active === 0) {
    return result('Degraded', `The job scheduled at ${last} did not succeed`, info);
  }
  return result('Healthy', undefined, info);
}
