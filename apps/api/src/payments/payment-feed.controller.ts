import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '#auth';
import { PaymentFeed, type PaymentFeedPage } from '#contracts';
import { FeedQueryDto } from './feed-query.dto.js';
import { FeedErrorView, PaymentFeedPageView } from './feed-page.view.js';

const FEED_DESCRIPTION =
  'Verified and reversed outcomes and confirmed payments as CloudEvents 1.0, in the log’s commit-safe order. ' +
  'Keep `next` and ask again with `after=<next>`; to replay, pass any earlier `next` or any event’s `sequence`. ' +
  'Deduplicate by `subject` (the payment identity) and `type`, or by `id`. This feed is the source of truth: ' +
  'webhooks, when configured, only say that there is something new to read here.';

/** The payment service's pull feed (see libs/contracts/src/feed/README.md). */
@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentFeedController {
  constructor(private readonly feed: PaymentFeed) {}

  @Get('feed/payments')
  @Roles('payment-service', 'auditor')
  @ApiOperation({ summary: 'The payment feed of every contract the caller is scoped to', description: FEED_DESCRIPTION })
  @ApiOkResponse({ type: PaymentFeedPageView })
  @ApiBadRequestResponse({ type: FeedErrorView, description: 'A malformed cursor (`after`) or limit' })
  all(@Query() query: FeedQueryDto, @CurrentPrincipal() principal: Principal): Promise<PaymentFeedPage> {
    return this.feed.read({ after: query.after, limit: query.limit, contracts: principal.contracts });
  }

  @Get('contracts/:contractId/feed')
  @Roles('payment-service', 'auditor', 'commissioner', 'investor')
  @ApiOperation({ summary: 'The payment feed of one contract', description: FEED_DESCRIPTION })
  @ApiOkResponse({ type: PaymentFeedPageView })
  @ApiBadRequestResponse({ type: FeedErrorView, description: 'A malformed cursor (`after`) or limit' })
  contract(@Param('contractId') contractId: string, @Query() query: FeedQueryDto): Promise<PaymentFeedPage> {
    return this.feed.readContract(contractId, { after: query.after, limit: query.limit });
  }
}
