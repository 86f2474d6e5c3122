/** The review queue and the review steps of draft progress updates (rules: src/domain/review.ts, src/auth/policy.ts). */
import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../server/context';
import { PageArgs } from '../schema/connection';
import { ProgressUpdateConnection } from '../schema/connections';
import { CommitmentFilter } from '../schema/filters';
import {
  ReturnProgressUpdateInput,
  ReviewPayload,
  UpdateProgressUpdateInput,
  WithdrawProgressUpdateInput,
} from '../schema/mutations/commitment';
import { listReviewQueue } from '../queries/review';
import { authorize, policy, RULES } from '../auth/policy';
import { write } from '../services/write';
import { returnProgressUpdate, updateProgressUpdate, withdrawProgressUpdate } from '../services/review';

@Resolver()
export class ReviewResolver {
  @Authorized()
  @Query(() => ProgressUpdateConnection, {
    description:
      'Draft progress updates awaiting publication (DRAFT: not returned, withdrawn or published), oldest submission first, of the commitments the filter selects. Staff see every actor’s; a focal point its own actor’s.',
  })
  reviewQueue(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter,
  ) {
    const queue = policy.draftQueueOf(ctx.user);
    authorize(ctx.user, queue !== null, RULES.readDrafts);
    return listReviewQueue(ctx, filter, page, queue!.actorId);
  }

  @Authorized()
  @Mutation(() => ReviewPayload, { description: 'Secretariat: send a draft back to its focal points with a comment (RETURNED).' })
  returnProgressUpdate(@Ctx() ctx: Context, @Arg('input', () => ReturnProgressUpdateInput) input: ReturnProgressUpdateInput) {
    return write(ctx, (w) => returnProgressUpdate(w, input));
  }

  @Authorized()
  @Mutation(() => ReviewPayload, {
    description: 'Focal point: edit a DRAFT or RETURNED update of its actor; the edit submits it again for review (DRAFT).',
  })
  updateProgressUpdate(@Ctx() ctx: Context, @Arg('input', () => UpdateProgressUpdateInput) input: UpdateProgressUpdateInput) {
    return write(ctx, (w) => updateProgressUpdate(w, input));
  }

  @Authorized()
  @Mutation(() => ReviewPayload, { description: 'Focal point: withdraw a DRAFT or RETURNED update of its actor (WITHDRAWN, final).' })
  withdrawProgressUpdate(@Ctx() ctx: Context, @Arg('input', () => WithdrawProgressUpdateInput) input: WithdrawProgressUpdateInput) {
    return write(ctx, (w) => withdrawProgressUpdate(w, input));
  }
}
