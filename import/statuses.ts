/**
 * Export statuses → the engine's day-0 state (docs: README "Importing a fleet", status table).
 * Built on IoTOS's 36→8 table (domain.md §a.3), the OneLink, Jasper/Control Center, Huawei
 * GSL, emnify, 1NCE and Telnyx enums (§a.1–a.6), and this project's canonical values.
 */

import { STOP_REASONS, type StopReason } from '../engine/index.ts';

export { STOP_REASONS, type StopReason };

export type StatusClass =
  /** In service, no stop. */
  | { kind: 'online' }
  /** In service, stopped for these reasons (empty: the export does not say why). */
  | { kind: 'stopped'; reasons: StopReason[] }
  /** The number is gone (销户). */
  | { kind: 'cancelled' }
  /** Before service, in the free test period (可测试, Test Ready): imported as `test` (docs/rules.md, "Pre-service cards"). */
  | { kind: 'test' }
  /** Before service, silent until first use or the forced activation (沉默期, 待激活, 库存, Activation Ready): imported as `silent`. */
  | { kind: 'silent' }
  /** Rejected as not in service: only from a mapping file (`Warehouse: notInService`), for cards not to simulate at all. */
  | { kind: 'notInService' };

/** statusKey's results by text: an export repeats a handful of status words on every row (the first 1,024 texts are kept). */
const statusKeys = new Map<string, string>();

const online = { kind: 'online' } as const;
const cancelled = { kind: 'cancelled' } as const;
const test = { kind: 'test' } as const;
const silent = { kind: 'silent' } as const;
const stopped = (...reasons: StopReason[]): StatusClass => ({ kind: 'stopped', reasons });

/** Status words, keyed by `statusKey` (lower case, no spaces, underscores or hyphens). */
export const STATUS_TABLE: Readonly<Record<string, StatusClass>> = Object.fromEntries(
  (
    [
      // In service.
      [online, '正常', '在用', '激活', '已激活', '使用中', '正常使用', '开机', '正式期', '正常在用', 'online', 'active', 'activated', 'enabled', 'live', 'inuse'],
      // Stopped by hand, or for a reason the engine has no flag for (IMEI lock, real-name, operator): a person must resume it.
      [stopped('manual'), '人工停机', '主动停机', '手动停机', '停机保号', '单向停机', '单项停机', '机卡分离停机', '违章停机', '断网', '停断网', '故障卡', '未实名停机', '已锁定', '测试期停机', 'manual', 'manualstop',
        // Telnyx's user state standby (suspended, keeping its IP) and its IMEI lock (§a.6).
        'standby', 'unauthorizedimei'],
      // Stopped, reason not given here (a stop-reason column may say; else taken as manual).
      [stopped(), '停机', '已停机', '停用', '已停用', '暂停', 'stopped', 'suspended', 'deactivated', 'inactive', 'disabled', 'paused', 'blocked'],
      [stopped('arrears'), '欠费停机', '欠费', '欠停', '欠费停', '欠费单停', '欠费双停', 'arrears', 'unpaid'],
      [stopped('overQuota'), '达量停机', '超流量停机', '超量停机', '超流量阈值停机', '达量断网', '流量池停机', '超套停机', 'overquota', 'dataLimitExceeded', 'quotaexceeded'],
      // Expired and in the retention (grace) period: 预销户 is the pre-cancellation that follows expiry.
      [stopped('expired'), '过期', '已过期', '到期停机', '过期停机', '预销户', '预销号', '待销户', 'expired'],
      // The number is gone. IoTOS files 休眠 (dormant) and 过户 (transferred) here too.
      [cancelled, '销户', '已销户', '注销', '已注销', '销号', '已销号', '拆机', '已拆机', '已失效', '失效', '已清除', '已更换', '用户注销', '挂失', '已终止', '过户', '休眠', 'cancelled', 'canceled', 'retired', 'purged', 'terminated', 'deleted'],
      // Before service, test period: OneLink 可测试 (code 6), Jasper TEST_READY, Huawei GSL 10 可测试, emnify Factory Test (§a.1–a.6).
      [test, '可测试', '测试期', 'testready', 'test', 'factorytest'],
      // Before service, silent until first use or the forced activation: OneLink 库存 "inventory (silent period)" and 待激活,
      // IoTOS's 待激活 display state (测试期正常, 测试去激活), Jasper INVENTORY and ACTIVATION_READY, Huawei GSL 11 未激活 and
      // 13 可激活, Twilio new/ready, emnify Issued, iotcube pre-activated (§a.1–a.6).
      // IoTOS files 运营商管理状态 and 开始 under 库存 too (§a.3).
      [silent, '库存', '空套餐', '运营商管理状态', '开始', '测试期正常', '测试去激活', '待激活', '可激活', '未激活', '沉默期', '静默期', 'silent', 'inventory', 'activationready', 'ready', 'new', 'issued', 'preactive', 'preactivated'],
    ] as [StatusClass, ...string[]][]
  ).flatMap(([cls, ...words]) => words.map((w) => [statusKey(w), cls])),
);

/** Stop-reason words (a 停机原因 / operator_status column, or a canonical `stopReasons` list). */
export const REASON_TABLE: Readonly<Record<string, StopReason | null>> = Object.fromEntries(
  (
    [
      [null, '', '-1', '正常', '无', 'none', '-'],
      ['manual', 'manual', '人工', '人工停机', '主动', '主动停机', '手动', '手动停机', '客户申请', '用户申请'],
      ['overQuota', 'overquota', '1', '2', '3', '超流量', '超流量停机', '超流量阈值停机', '流量池停机', '达量', '达量停机', '超量', '超量停机', '达量断网'],
      ['arrears', 'arrears', '欠费', '欠费停机'],
      ['expired', 'expired', '过期', '到期', '过期停机', '到期停机'],
    ] as [StopReason | null, ...string[]][]
  ).flatMap(([reason, ...words]) => words.map((w) => [reasonKey(w), reason])),
);

/** Stop-reason words are compared as statuses are, except numeric codes (`-1` is not `1`). */
export function reasonKey(text: string): string {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? t : statusKey(t);
}

/** How status words are compared: NFKC, lower case, no spaces, underscores or hyphens. */
export function statusKey(text: string): string {
  let key = statusKeys.get(text);
  if (key === undefined) {
    key = text.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
    if (statusKeys.size < 1024) statusKeys.set(text, key);
  }
  return key;
}

/**
 * Reasons from a stop-reason cell: one or several words separated by `;` `,` `、` `|` `/`.
 * Returns the reasons, or the first word not in the table.
 */
export function parseReasons(text: string, extra: Readonly<Record<string, StopReason | null>> = {}): { reasons: StopReason[] } | { unknown: string } {
  const out = new Set<StopReason>();
  for (const word of text.split(/[;,、|/；，]/)) {
    const key = reasonKey(word);
    const r = Object.hasOwn(extra, key) ? extra[key] : Object.hasOwn(REASON_TABLE, key) ? REASON_TABLE[key] : undefined;
    if (r === undefined) return { unknown: word.trim() };
    if (r) out.add(r);
  }
  return { reasons: STOP_REASONS.filter((r) => out.has(r)) };
}
