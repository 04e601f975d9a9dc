/**
 * A stand-in for the Tencent Cloud management API as @cloudbase/manager-node reaches it, for
 * testing `npm run deploy` offline. It is a fake of a remote service's wire behaviour, not a
 * database: each request manager-node sends is an HTTPS POST to <service>.tencentcloudapi.com,
 * signed with the caller's SecretId, naming its action in the X-TC-Action header and carrying its
 * parameters as JSON; the answer is { Response: { …, RequestId } }, or
 * { Response: { Error: { Code, Message }, RequestId } } (Tencent Cloud API 3.0, 返回结果).
 *
 * It keeps what an environment keeps — functions with their runtime, status, variables and timer
 * triggers, the function security rule, collections with their rules and indexes — and behaves as
 * the documented API does where a deploy depends on it:
 * - GetFunction of a missing function fails with ResourceNotFound.Function;
 * - a created or updated function is Creating / Updating for a while, and a change made meanwhile
 *   fails (which is why manager-node waits for Active before each change);
 * - UpdateFunctionConfiguration replaces all variables when it is given any (覆盖式);
 * - BatchCreateTrigger fails for a trigger name that exists.
 * Options make it refuse a runtime, fail reads, fail trigger creation a few times, or end an update
 * in UpdateFailed.
 */

export interface FakeTrigger {
  TriggerName: string;
  Type: string;
  TriggerDesc: string;
}

export interface FakeFunction {
  FunctionName: string;
  Runtime: string;
  Handler: string;
  Status: string;
  StatusReasons: { ErrorCode: string; ErrorMessage: string }[];
  Timeout: number;
  MemorySize: number;
  Environment: { Variables: { Key: string; Value: string }[] };
  Triggers: FakeTrigger[];
  /** Bytes of the last zip uploaded. */
  ZipBytes: number;
  /** GetFunction answers left before a Creating/Updating function settles. */
  pollsLeft: number;
  settlesAs: string;
}

export interface FakeIndex {
  Name: string;
  Keys: { Name: string; Direction: string }[];
  Unique: boolean;
}

export interface FakeOptions {
  /** Runtimes CreateFunction accepts (default: all). */
  acceptedRuntimes?: string[];
  /** GetFunction fails with this error, whatever the function (a refused key, a network problem). */
  readError?: { Code: string; Message: string };
  /** How many GetFunction answers a Creating/Updating function stays so. */
  settleAfterPolls?: number;
  /** The first this many BatchCreateTrigger calls fail with an internal error. */
  failTriggerCreates?: number;
  /** UpdateFunctionConfiguration leaves the function UpdateFailed. */
  configUpdateFails?: boolean;
}

export interface FakeCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
}

const READS = new Set([
  'DescribeEnvInfo',
  'GetFunction',
  'ListTables',
  'DescribeTable',
  'DescribeResourcePermission',
]);

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ManagementFake {
  readonly functions = new Map<string, FakeFunction>();
  readonly collections = new Map<string, { rule: string | null; indexes: FakeIndex[] }>();
  functionRule: string | null = null;
  readonly calls: FakeCall[] = [];
  private triggerFailuresLeft: number;

  constructor(
    readonly envId: string,
    readonly options: FakeOptions = {},
  ) {
    this.triggerFailuresLeft = options.failTriggerCreates ?? 0;
  }

  /** The actions that changed something, in order. */
  get writes(): string[] {
    return this.calls.filter((c) => !READS.has(c.action)).map((c) => c.action);
  }

  /** A function as a live environment would have it. */
  addFunction(name: string, fields: Partial<FakeFunction> & { env?: Record<string, string> } = {}) {
    const { env, ...rest } = fields;
    this.functions.set(name, {
      FunctionName: name,
      Runtime: 'Nodejs24.11',
      Handler: 'index.main',
      Status: 'Active',
      StatusReasons: [],
      Timeout: 3,
      MemorySize: 256,
      Environment: { Variables: Object.entries(env ?? {}).map(([Key, Value]) => ({ Key, Value })) },
      Triggers: [],
      ZipBytes: 0,
      pollsLeft: 0,
      settlesAs: 'Active',
      ...rest,
    });
  }

  /** The variables of a function, as an object. */
  env(name: string): Record<string, string> {
    return Object.fromEntries(this.fn(name).Environment.Variables.map((v) => [v.Key, v.Value]));
  }

  handle(service: string, action: string, params: Record<string, unknown>): unknown {
    this.calls.push({ service, action, params });
    try {
      return {
        Response: { ...(this.answer(action, params) as object), RequestId: `req-${this.calls.length}` },
      };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return {
        Response: {
          Error: { Code: error.code, Message: error.message },
          RequestId: `req-${this.calls.length}`,
        },
      };
    }
  }

  private fn(name: unknown): FakeFunction {
    const found = this.functions.get(String(name));
    if (!found) throw new ApiError('ResourceNotFound.Function', `未找到指定的Function，请创建后再试。`);
    return found;
  }

  /** A change to a function that is not Active fails, as SCF's does. */
  private changeable(name: unknown): FakeFunction {
    const found = this.fn(name);
    if (found.Status !== 'Active')
      throw new ApiError(
        'FailedOperation.UpdateFunctionConfiguration',
        `当前函数状态无法进行此操作，请在函数状态正常时重试 (${found.Status})`,
      );
    return found;
  }

  private busy(found: FakeFunction, status: 'Creating' | 'Updating', settlesAs = 'Active') {
    found.Status = status;
    found.pollsLeft = this.options.settleAfterPolls ?? 1;
    found.settlesAs = settlesAs;
  }

  private collection(params: Record<string, unknown>) {
    const found = this.collections.get(String(params.TableName ?? params.CollectionName));
    if (!found)
      throw new ApiError('ResourceNotFound', `collection ${String(params.TableName)} does not exist`);
    return found;
  }

  private answer(action: string, params: Record<string, unknown>): unknown {
    switch (action) {
      case 'DescribeEnvInfo':
        return {
          EnvInfo: {
            EnvBaseInfo: {
              EnvId: this.envId,
              Alias: 'fake',
              Status: 'NORMAL',
              Databases: [{ InstanceId: 'tnt-fake', Status: 'RUNNING' }],
              Storages: [],
              Functions: [{ Namespace: this.envId }],
              LogServices: [],
            },
          },
        };
      case 'GetFunction': {
        if (this.options.readError)
          throw new ApiError(this.options.readError.Code, this.options.readError.Message);
        const found = this.fn(params.FunctionName);
        if (found.pollsLeft > 0 && --found.pollsLeft === 0) found.Status = found.settlesAs;
        const { pollsLeft: _p, settlesAs: _s, ZipBytes: _z, ...shown } = found;
        return shown;
      }
      case 'CreateFunction': {
        const name = String(params.FunctionName);
        if (this.functions.has(name)) throw new ApiError('ResourceInUse.Function', '函数已存在');
        const runtime = String(params.Runtime);
        if (this.options.acceptedRuntimes && !this.options.acceptedRuntimes.includes(runtime))
          throw new ApiError(
            'InvalidParameterValue.Runtime',
            `Runtime ${runtime} 取值与规范不符，请修正后再试。`,
          );
        const code = params.Code as { ZipFile?: string };
        this.addFunction(name, {
          Runtime: runtime,
          Handler: String(params.Handler),
          Timeout: Number(params.Timeout),
          MemorySize: Number(params.MemorySize),
          Environment: (params.Environment as FakeFunction['Environment']) ?? { Variables: [] },
          ZipBytes: Buffer.from(code?.ZipFile ?? '', 'base64').length,
        });
        this.busy(this.fn(name), 'Creating');
        return {};
      }
      case 'UpdateFunctionCode': {
        const found = this.changeable(params.FunctionName);
        found.ZipBytes = Buffer.from((params.Code as { ZipFile?: string })?.ZipFile ?? '', 'base64').length;
        this.busy(found, 'Updating');
        return {};
      }
      case 'UpdateFunctionConfiguration': {
        const found = this.changeable(params.FunctionName);
        if (params.Environment) found.Environment = params.Environment as FakeFunction['Environment'];
        if (params.Timeout !== undefined) found.Timeout = Number(params.Timeout);
        if (params.MemorySize !== undefined) found.MemorySize = Number(params.MemorySize);
        if (this.options.configUpdateFails) {
          this.busy(found, 'Updating', 'UpdateFailed');
          found.StatusReasons = [{ ErrorCode: 'InternalError', ErrorMessage: 'update failed in the fake' }];
        } else this.busy(found, 'Updating');
        return {};
      }
      case 'BatchCreateTrigger': {
        const found = this.changeable(params.FunctionName);
        if (this.triggerFailuresLeft > 0) {
          this.triggerFailuresLeft--;
          throw new ApiError('InternalError', '内部错误，请稍后重试');
        }
        const triggers = JSON.parse(String(params.Triggers)) as FakeTrigger[];
        for (const t of triggers)
          if (found.Triggers.some((e) => e.TriggerName === t.TriggerName))
            throw new ApiError('ResourceInUse.Trigger', `触发器 ${t.TriggerName} 已存在`);
        found.Triggers.push(
          ...triggers.map((t) => ({ TriggerName: t.TriggerName, Type: t.Type, TriggerDesc: t.TriggerDesc })),
        );
        return {};
      }
      case 'DeleteTrigger': {
        const found = this.changeable(params.FunctionName);
        found.Triggers = found.Triggers.filter((t) => t.TriggerName !== params.TriggerName);
        return {};
      }
      case 'ModifyResourcePermission':
        if (params.ResourceType !== 'function' || params.Permission !== 'CUSTOM')
          throw new ApiError('InvalidParameter', 'the fake models function rules only');
        this.functionRule = String(params.SecurityRule);
        return { Data: { Success: true } };
      case 'ListTables': {
        const names = [...this.collections.keys()];
        const offset = Number(params.MgoOffset ?? 0);
        const limit = Number(params.MgoLimit ?? 100);
        const page = names.slice(offset, offset + limit);
        return {
          Tables: page.length ? page.map((TableName) => ({ TableName, Count: 0 })) : null,
          Pager: { Offset: offset, Limit: limit, Total: names.length },
        };
      }
      case 'CreateTable': {
        const name = String(params.TableName);
        if (this.collections.has(name)) throw new ApiError('ResourceInUse', `collection ${name} exists`);
        this.collections.set(name, {
          rule: null,
          indexes: [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true }],
        });
        return {};
      }
      case 'DescribeTable': {
        const found = this.collection(params);
        return { Indexes: found.indexes, IndexNum: found.indexes.length };
      }
      case 'UpdateTable': {
        const found = this.collection(params);
        for (const index of (params.CreateIndexes ?? []) as {
          IndexName: string;
          MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean };
        }[]) {
          if (found.indexes.some((i) => i.Name === index.IndexName))
            throw new ApiError('ResourceInUse', `index ${index.IndexName} exists`);
          found.indexes.push({
            Name: index.IndexName,
            Keys: index.MgoKeySchema.MgoIndexKeys,
            Unique: index.MgoKeySchema.MgoIsUnique,
          });
        }
        return {};
      }
      case 'ModifySafeRule':
        this.collection(params).rule = String(params.Rule);
        return {};
      default:
        throw new ApiError('UnsupportedOperation', `the fake does not model ${action}`);
    }
  }
}

/**
 * A node-fetch stand-in that delivers manager-node's requests to the fake whose environment signed
 * them (the SecretId in the Authorization header), as text, the way node-fetch hands it over.
 */
export function fetchInto(fakes: Map<string, ManagementFake>) {
  return async (url: string, config: { headers: Record<string, string>; body?: string }) => {
    const service = new URL(url).host.split('.')[0];
    const secretId = /Credential=([^/]+)\//.exec(config.headers.Authorization)?.[1] ?? '';
    const fake = fakes.get(secretId);
    if (!fake)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${new URL(url).host}`), { code: 'ENOTFOUND' });
    const answer = fake.handle(service, config.headers['X-TC-Action'], JSON.parse(config.body ?? '{}'));
    return { text: async () => JSON.stringify(answer) };
  };
}
