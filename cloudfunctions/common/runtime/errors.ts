/**
 * Errors every function may return: a stable code and a Chinese message fit to show a user.
 */
import type { ApiError, ErrorCode } from '../../../typings/contract';

export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后再试',
  UNKNOWN_CITY: '没有找到这个城市，请选择地级市或直辖市',
  NOT_FOUND: '没有找到这份清单，可能已被删除',
  FORBIDDEN: '您没有权限查看或修改这份清单，请让家人重新分享给您',
  CONFLICT: '清单刚被家人修改过，请刷新后再试',
  TOO_MANY_REQUESTS: '您操作得太频繁了，请稍等一会儿再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}
