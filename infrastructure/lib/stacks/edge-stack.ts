import { readFileSync } from 'node:fs';
import { ROUTES, type RouteContract } from '@roadcall/contracts';
import { Arn, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';
import { SecureBucket } from '../constructs/secure-bucket';

/** CloudFront caches API responses at most this long (the origin's Cache-Control decides within 0..max). */
export const API_EDGE_MAX_TTL_SECONDS = 300;

/**
 * How long CloudFront waits for the next bytes of a stream route's response before it drops the
 * connection (origin response/read timeout): the most it allows without a quota increase. The
 * handlers' keep-alive (`SSE_KEEP_ALIVE_SECONDS`, 15 s) fits four times into it.
 */
export const STREAM_ORIGIN_READ_TIMEOUT_SECONDS = 60;

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
  readonly restApi: apigw.RestApi;
  readonly logsBucket: s3.IBucket;
  /** SSE routes: served by the API with caching and compression off, so events pass through as they come. */
  readonly streamRoutes: ReadonlyArray<RouteContract>;
  /** Custom domain (with an ACM certificate in us-east-1): enables the TLSv1.2_2021 viewer policy. */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  /** Headers CloudFront sends with every request to the API (the origin guard's shared secret). */
  readonly apiOriginHeaders: Readonly<Record<string, string>>;
  /** The CloudFront web ACL's ARN, published as an SSM parameter in its region (see WafStack). */
  readonly webAcl: { readonly arnParameterName: string; readonly region: string };
  /**
   * The static origin's content: the operator dashboard's build (served under `/dashboard/`, with
   * its `config.json`) and the OpenAPI document (served at `/openapi.json`).
   */
  readonly site?: { readonly dashboardDir: string; readonly openapiFile: string };
}

/**
 * The edge: CloudFront in front of the static assets bucket (origin access control) and the REST
 * API (cache policy 0..300 s keyed by token and query string), gzip + brotli, HTTP/2 and 3,
 * HTTPS only, access logs. SSE routes get their own uncached, uncompressed behaviors.
 */
export class EdgeStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly staticBucket: s3.Bucket;
  /** True when a custom domain and certificate are given (the TLSv1.2_2021 viewer policy applies). */
  readonly hasCustomDomain: boolean;
  /** Reads the CloudFront web ACL's ARN from us-east-1 (its provider function is a CDK singleton). */
  readonly webAclArn: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.hasCustomDomain = Boolean(props.domain);

    this.staticBucket = new SecureBucket(this, 'StaticAssets', { config, accessLogs: props.logsBucket }).bucket;

    // The web ACL lives in us-east-1 and this stack wherever the stage is deployed: read its ARN
    // from the SSM parameter the WAF stack writes there (a cross-region SDK call at deploy time;
    // the ARN only changes if the web ACL is replaced, and its name is fixed per stage).
    const { arnParameterName, region } = props.webAcl;
    const readArn: cr.AwsSdkCall = {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: arnParameterName },
      region,
      physicalResourceId: cr.PhysicalResourceId.of(`${region}:${arnParameterName}`),
    };
    this.webAclArn = new cr.AwsCustomResource(this, 'WebAclArn', {
      onCreate: readArn,
      onUpdate: readArn,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: [Arn.format({ service: 'ssm', region, resource: 'parameter', resourceName: arnParameterName.replace(/^\//, '') }, this)],
      }),
      installLatestAwsSdk: false,
    });

    const apiCachePolicy = new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Roadcall API: origin Cache-Control within 0-300 s; keyed by token and query string',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(API_EDGE_MAX_TTL_SECONDS),
      // The token is part of the key: a per-user response can never be served to another user.
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const apiOrigin = new origins.RestApiOrigin(props.restApi, { customHeaders: { ...props.apiOriginHeaders } });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: apiCachePolicy,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    };

    // The same API as an origin of its own for streams: a quiet stream (between keep-alives) must
    // not hit the default 30 s read timeout, while ordinary requests keep failing fast.
    const streamOrigin = new origins.RestApiOrigin(props.restApi, {
      readTimeout: Duration.seconds(STREAM_ORIGIN_READ_TIMEOUT_SECONDS),
      customHeaders: { ...props.apiOriginHeaders },
    });
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    // Streaming routes first: their patterns are more specific than the API's prefixes.
    for (const route of props.streamRoutes) {
      additionalBehaviors[pathPattern(route.path)] = {
        origin: streamOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        // Compression would buffer the event stream.
        compress: false,
      };
    }
    for (const prefix of apiPrefixes(ROUTES)) {
      // A stream route can be a prefix itself (GET /events): its stream behavior stays.
      additionalBehaviors[`/${prefix}`] ??= apiBehavior;
      additionalBehaviors[`/${prefix}/*`] ??= apiBehavior;
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Roadcall ${config.name}`,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.staticBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      additionalBehaviors,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: config.edge.priceClass as cloudfront.PriceClass,
      // Only a custom certificate lets CloudFront enforce a viewer TLS policy (the default one is fixed).
      minimumProtocolVersion: props.domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: props.domain ? cloudfront.SSLMethod.SNI : undefined,
      domainNames: props.domain ? [props.domain.name] : undefined,
      certificate: props.domain ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn) : undefined,
      enableLogging: true,
      logBucket: props.logsBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: this.webAclArn.getResponseField('Parameter.Value'),
    });

    if (props.site) {
      // The dashboard reads the API on the same origin (the API's prefixes are behaviors of this
      // distribution) and signs in with a Cognito ID token.
      new s3deploy.BucketDeployment(this, 'Dashboard', {
        destinationBucket: this.staticBucket,
        destinationKeyPrefix: 'dashboard/',
        sources: [s3deploy.Source.asset(props.site.dashboardDir), s3deploy.Source.jsonData('config.json', { apiUrl: '', auth: 'cognito' })],
        distribution: this.distribution,
        distributionPaths: ['/dashboard/*'],
        memoryLimit: 256,
      });
      new s3deploy.BucketDeployment(this, 'OpenApi', {
        destinationBucket: this.staticBucket,
        sources: [s3deploy.Source.data('openapi.json', readFileSync(props.site.openapiFile, 'utf8'))],
        // Only this file: never prune the dashboard's prefix.
        prune: false,
        distribution: this.distribution,
        distributionPaths: ['/openapi.json'],
        memoryLimit: 256,
      });
      new CfnOutput(this, 'DashboardUrl', { value: `https://${this.distribution.distributionDomainName}/dashboard/index.html` });
    }

    new CfnOutput(this, 'CloudFrontDomain', {
      value: this.distribution.distributionDomainName,
      description: 'CloudFront domain (API and static assets)',
    });
    new CfnOutput(this, 'CloudFrontUrl', { value: `https://${this.distribution.distributionDomainName}` });
    new CfnOutput(this, 'StaticAssetsBucket', { value: this.staticBucket.bucketName });
  }
}

/** First path segments of the routes: `/vendors/{id}` -> `vendors`. */
export function apiPrefixes(routes: ReadonlyArray<RouteContract>): string[] {
  return [...new Set(routes.map((route) => route.path.split('/')[1] ?? ''))].filter(Boolean).sort();
}

/** A route path as a CloudFront path pattern: `/jobs/{id}/events` -> `/jobs/*\/events`. */
export function pathPattern(routePath: string): string {
  return routePath.replace(/\{[^}]+\}/g, '*');
}
