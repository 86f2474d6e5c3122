import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../server/context';
import { write } from '../services/write';
import { createCommitment, updateCommitment } from '../services/commitments';
import { addCommitmentPartner, removeCommitmentPartner } from '../services/partners';
import { logProgress, publishProgressUpdate } from '../services/progress';
import { addAssessment, updateAssessment, withdrawAssessment } from '../services/assessments';
import {
  AddAssessmentInput,
  AddCommitmentPartnerInput,
  RemoveCommitmentPartnerInput,
  AssessmentPayload,
  CommitmentPayload,
  CreateCommitmentInput,
  LogProgressInput,
  ProgressPayload,
  PublishProgressUpdateInput,
  UpdateAssessmentInput,
  UpdateCommitmentInput,
  WithdrawAssessmentInput,
} from '../schema/mutations/commitment';

@Resolver()
export class CommitmentMutations {
  @Authorized()
  @Mutation(() => CommitmentPayload, { description: 'Secretariat: record what an actor undertook.' })
  async createCommitment(@Ctx() ctx: Context, @Arg('input', () => CreateCommitmentInput) input: CreateCommitmentInput) {
    return { commitment: await write(ctx, (w) => createCommitment(w, input)) };
  }

  @Authorized()
  @Mutation(() => CommitmentPayload, {
    description: 'Secretariat: edit a commitment; refused with CONFLICT when expectedVersion is stale.',
  })
  async updateCommitment(@Ctx() ctx: Context, @Arg('input', () => UpdateCommitmentInput) input: UpdateCommitmentInput) {
    return { commitment: await write(ctx, (w) => updateCommitment(w, input)) };
  }

  @Authorized()
  @Mutation(() => CommitmentPayload, {
    description:
      'Secretariat: add a partner (another actor, with its role) to a commitment; a new version of the commitment. Actor filters then match the commitment for the partner too; permissions and stats by actor stay with the lead.',
  })
  async addCommitmentPartner(@Ctx() ctx: Context, @Arg('input', () => AddCommitmentPartnerInput) input: AddCommitmentPartnerInput) {
    return { commitment: await write(ctx, (w) => addCommitmentPartner(w, input)) };
  }

  @Authorized()
  @Mutation(() => CommitmentPayload, { description: 'Secretariat: remove a partner from a commitment; a new version of the commitment.' })
  async removeCommitmentPartner(
    @Ctx() ctx: Context,
    @Arg('input', () => RemoveCommitmentPartnerInput) input: RemoveCommitmentPartnerInput,
  ) {
    return { commitment: await write(ctx, (w) => removeCommitmentPartner(w, input)) };
  }

  @Authorized()
  @Mutation(() => ProgressPayload, {
    description: 'Report progress; a focal point’s report is a draft until the secretariat publishes it.',
  })
  logProgress(@Ctx() ctx: Context, @Arg('input', () => LogProgressInput) input: LogProgressInput) {
    return write(ctx, (w) => logProgress(w, input));
  }

  @Authorized()
  @Mutation(() => ProgressPayload, { description: 'Secretariat: publish a draft; its status change applies now.' })
  publishProgressUpdate(@Ctx() ctx: Context, @Arg('input', () => PublishProgressUpdateInput) input: PublishProgressUpdateInput) {
    return write(ctx, (w) => publishProgressUpdate(w, input));
  }

  @Authorized()
  @Mutation(() => AssessmentPayload, { description: 'Ombudsperson or civil society: an independent rating of a commitment.' })
  async addAssessment(@Ctx() ctx: Context, @Arg('input', () => AddAssessmentInput) input: AddAssessmentInput) {
    return { assessment: await write(ctx, (w) => addAssessment(w, input)) };
  }

  @Authorized()
  @Mutation(() => AssessmentPayload, {
    description: 'Its author: change an assessment (rating, summary, links); the previous version stays in its revisions.',
  })
  async updateAssessment(@Ctx() ctx: Context, @Arg('input', () => UpdateAssessmentInput) input: UpdateAssessmentInput) {
    return { assessment: await write(ctx, (w) => updateAssessment(w, input)) };
  }

  @Authorized()
  @Mutation(() => AssessmentPayload, {
    description: 'Its author: withdraw an assessment, with a reason. It is no longer current but stays readable (withdrawnAt).',
  })
  async withdrawAssessment(@Ctx() ctx: Context, @Arg('input', () => WithdrawAssessmentInput) input: WithdrawAssessmentInput) {
    return { assessment: await write(ctx, (w) => withdrawAssessment(w, input)) };
  }
}
